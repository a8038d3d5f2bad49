-- kpi_pipeline_required has one row per revenue target whose quarter is in the calendar, with
-- the seed's target amount, and its win-rate inputs never exceed the closed opportunities.
with

mart as (

    select * from {{ ref('kpi_pipeline_required') }}

),

targets_in_calendar as (

    select
        revenue_targets.quarter_start_date,
        revenue_targets.segment,
        revenue_targets.revenue_target_amount
    from {{ ref('revenue_targets') }} as revenue_targets
    inner join {{ ref('int_calendar_quarters') }} as quarters
        on revenue_targets.quarter_start_date = quarters.quarter_start_date

)

select
    coalesce(mart.quarter_start_date, targets_in_calendar.quarter_start_date) as quarter_start_date,
    coalesce(mart.segment, targets_in_calendar.segment) as segment
from mart
full outer join targets_in_calendar
    on mart.quarter_start_date = targets_in_calendar.quarter_start_date
    and mart.segment = targets_in_calendar.segment
where mart.quarter_start_date is null
    or targets_in_calendar.quarter_start_date is null
    or abs(mart.revenue_target_amount - targets_in_calendar.revenue_target_amount) > 0.01
    or mart.won_opportunities_4q > mart.closed_opportunities_4q
