{#- The AI-answer-check fact: one row per check of an AI search engine's answer to a tracked
    prompt (optional ai_search__answer_check extract; no rows when it is absent or the system is
    switched off), up to as_of_date, with its week and whether the answer cites the brand and a
    competitor, from int_ai_answer_checks_dated. -#}
with

answer_checks as (

    select * from {{ ref('int_ai_answer_checks_dated') }}

),

final as (

    select
        cast(answer_check_id as {{ dbt.type_string() }}) as answer_check_id,
        cast(checked_date as date) as checked_date,
        cast(engine as {{ dbt.type_string() }}) as engine,
        cast(prompt as {{ dbt.type_string() }}) as prompt,
        cast(topic as {{ dbt.type_string() }}) as topic,
        is_brand_cited,
        is_competitor_cited,
        cast(week_start_date as date) as week_start_date
    from answer_checks

)

select * from final
