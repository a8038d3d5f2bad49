-- Σ entered_opportunities per funnel stage = opportunities of the fact that entered the open
-- stage in a calendar month (int_opportunity_stages_sequenced); converted never exceeds entered.
with

mart as (

    select
        funnel_stage,
        sum(entered_opportunities) as entered_opportunities,
        sum(case when converted_opportunities > entered_opportunities then 1 else 0 end) as bad_rows
    from {{ ref('kpi_stage_conversion') }}
    group by funnel_stage

),

history as (

    select
        stages.funnel_stage,
        count(*) as entered_opportunities
    from {{ ref('int_opportunity_stages_sequenced') }} as stages
    inner join {{ ref('fct_opportunities') }} as opportunities
        on stages.opportunity_id = opportunities.opportunity_id
    inner join {{ ref('int_calendar_months') }} as months
        on cast({{ dbt.date_trunc('month', 'stages.entered_date') }} as date) = months.month_start_date
    where not stages.is_closed_stage
    group by stages.funnel_stage

)

select
    mart.funnel_stage,
    mart.entered_opportunities,
    history.entered_opportunities as history_entered
from mart
left join history
    on mart.funnel_stage = history.funnel_stage
where mart.entered_opportunities <> coalesce(history.entered_opportunities, 0)
    or mart.bad_rows > 0
