{#- Stage conversion per month × segment × funnel stage (open funnel stages of the stage
    seed; won / lost stages are where an opportunity ends and have no conversion of their own).
    An opportunity counts in the month it first entered the stage (fct_opportunity_stages); it
    converted when, by as_of_date, it entered any later stage that is not a lost stage. Segment
    at the opportunity's creation. median_days_in_stage covers the entrants that have left the
    stage (whole days, summed over repeated stays). -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

opportunity_stages as (

    select * from {{ ref('fct_opportunity_stages') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

segments as (

    {{ segment_rows() }}

),

funnel_stages as (

    select
        funnel_stage,
        min(stage_order) as stage_order
    from stage_mapping
    where not is_closed
    group by funnel_stage

),

stage_entries as (

    select
        cast({{ dbt.date_trunc('month', 'opportunity_stages.entered_date') }} as date)
            as month_start_date,
        opportunities.segment,
        opportunity_stages.funnel_stage,
        opportunity_stages.has_reached_later_stage,
        opportunity_stages.exited_date,
        opportunity_stages.days_in_stage
    from opportunity_stages
    inner join opportunities
        on opportunity_stages.opportunity_id = opportunities.opportunity_id
    where not opportunity_stages.is_closed_stage

),

entries_summarized as (

    select
        month_start_date,
        segment,
        funnel_stage,
        count(*) as entered_opportunities,
        sum(case when has_reached_later_stage then 1 else 0 end) as converted_opportunities,
        sum(case when exited_date is not null then 1 else 0 end) as exited_opportunities,
        {{ percentile_cont('case when exited_date is not null then days_in_stage end', 0.5) }}
            as median_days_in_stage
    from stage_entries
    group by month_start_date, segment, funnel_stage

),

final as (

    select
        months.month_start_date,
        segments.segment,
        cast(funnel_stages.funnel_stage as {{ dbt.type_string() }}) as funnel_stage,
        cast(funnel_stages.stage_order as bigint) as stage_order,
        months.is_complete,
        cast(coalesce(entries_summarized.entered_opportunities, 0) as bigint)
            as entered_opportunities,
        cast(coalesce(entries_summarized.converted_opportunities, 0) as bigint)
            as converted_opportunities,
        cast(
            entries_summarized.converted_opportunities * 1.0
            / nullif(entries_summarized.entered_opportunities, 0)
            as {{ type_double() }}
        ) as stage_conversion_rate,
        cast(coalesce(entries_summarized.exited_opportunities, 0) as bigint)
            as exited_opportunities,
        cast(entries_summarized.median_days_in_stage as {{ type_double() }}) as median_days_in_stage
    from months
    cross join segments
    cross join funnel_stages
    left join entries_summarized
        on months.month_start_date = entries_summarized.month_start_date
            and segments.segment = entries_summarized.segment
            and funnel_stages.funnel_stage = entries_summarized.funnel_stage

)

select * from final
