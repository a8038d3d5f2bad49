{#- AI answer citation rate per week × engine, from the optional ai_search__answer_check
    extract (no rows when the extract is absent or the system is switched off, var
    enable_ai_search: false). Only weeks and engines with at least one check are emitted.
    citation_rate = brand_citations / answer_checks; share_of_voice_rate = brand / (brand +
    competitor) citations, each check counting once for the brand and once for competitors. -#}
with

answer_checks as (

    select * from {{ ref('fct_ai_answer_checks') }}

),

weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

checks_summarized as (

    select
        week_start_date,
        engine,
        count(*) as answer_checks,
        sum(case when is_brand_cited then 1 else 0 end) as brand_citations,
        sum(case when is_competitor_cited then 1 else 0 end) as competitor_citations
    from answer_checks
    group by week_start_date, engine

),

final as (

    select
        checks_summarized.week_start_date,
        cast(checks_summarized.engine as {{ dbt.type_string() }}) as engine,
        weeks.is_complete,
        cast(checks_summarized.answer_checks as bigint) as answer_checks,
        cast(checks_summarized.brand_citations as bigint) as brand_citations,
        cast(checks_summarized.competitor_citations as bigint) as competitor_citations,
        cast(
            checks_summarized.brand_citations * 1.0 / nullif(checks_summarized.answer_checks, 0)
            as {{ type_double() }}
        ) as citation_rate,
        cast(
            checks_summarized.brand_citations * 1.0
            / nullif(checks_summarized.brand_citations + checks_summarized.competitor_citations, 0)
            as {{ type_double() }}
        ) as share_of_voice_rate
    from checks_summarized
    inner join weeks
        on checks_summarized.week_start_date = weeks.week_start_date

)

select * from final
