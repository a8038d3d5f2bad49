-- In the month of as_of_date, open_opportunities of kpi_pipeline_velocity = New Business
-- opportunities of the fact that are still open, segment by segment.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

mart as (

    select
        segment,
        open_opportunities
    from {{ ref('kpi_pipeline_velocity') }}
    where month_start_date = cast({{ dbt.date_trunc('month', '(select as_of_date from as_of)') }} as date)

),

fact as (

    select
        segment,
        count(*) as open_opportunities
    from {{ ref('fct_opportunities') }}
    where opportunity_type = 'New Business'
        and (not is_closed or close_date > (select as_of_date from as_of))
    group by segment

)

select
    mart.segment,
    mart.open_opportunities,
    fact.open_opportunities as fact_open
from mart
left join fact
    on mart.segment = fact.segment
where mart.open_opportunities <> coalesce(fact.open_opportunities, 0)
