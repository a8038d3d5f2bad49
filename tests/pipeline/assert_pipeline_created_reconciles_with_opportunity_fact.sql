-- Σ opportunities_created / pipeline_created_amount of kpi_pipeline_created = New Business
-- opportunities of the fact created in a calendar month, segment by segment.
with

mart as (

    select
        segment,
        sum(opportunities_created) as opportunities_created,
        sum(pipeline_created_amount) as pipeline_created_amount
    from {{ ref('kpi_pipeline_created') }}
    group by segment

),

fact as (

    select
        segment,
        count(*) as opportunities_created,
        sum(coalesce(pipeline_amount, 0)) as pipeline_created_amount
    from {{ ref('fct_opportunities') }} as opportunities
    inner join {{ ref('int_calendar_months') }} as months
        on opportunities.created_month_start_date = months.month_start_date
    where opportunity_type = 'New Business'
    group by segment

)

select
    coalesce(mart.segment, fact.segment) as segment,
    mart.opportunities_created as mart_opportunities,
    fact.opportunities_created as fact_opportunities
from mart
full outer join fact
    on mart.segment = fact.segment
where coalesce(mart.opportunities_created, 0) <> coalesce(fact.opportunities_created, 0)
    or abs(coalesce(mart.pipeline_created_amount, 0) - coalesce(fact.pipeline_created_amount, 0)) > 0.01
