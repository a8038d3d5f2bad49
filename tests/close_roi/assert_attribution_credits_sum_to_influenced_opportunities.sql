-- For every creation month and attribution model: Σ attributed_opportunities = influenced
-- opportunities and Σ attributed_pipeline_amount = pipeline of the influenced opportunities
-- (kpi_marketing_influence summed over segments). A month with influenced opportunities but no
-- credit for a model fails too.
with

attribution as (

    select * from {{ ref('kpi_marketing_attribution') }}

),

influence as (

    select * from {{ ref('kpi_marketing_influence') }}

),

models_listed as (

    select 'first_touch' as attribution_model
    union all select 'last_touch'
    union all select 'linear'
    union all select 'position_based'

),

influenced_by_month as (

    select
        month_start_date,
        sum(influenced_opportunities) as influenced_opportunities,
        sum(influenced_pipeline_amount) as influenced_pipeline_amount
    from influence
    group by month_start_date

),

attributed_by_month as (

    select
        month_start_date,
        attribution_model,
        sum(attributed_opportunities) as attributed_opportunities,
        sum(attributed_pipeline_amount) as attributed_pipeline_amount
    from attribution
    group by month_start_date, attribution_model

)

select
    influenced_by_month.month_start_date,
    models_listed.attribution_model,
    influenced_by_month.influenced_opportunities,
    attributed_by_month.attributed_opportunities,
    influenced_by_month.influenced_pipeline_amount,
    attributed_by_month.attributed_pipeline_amount
from influenced_by_month
cross join models_listed
left join attributed_by_month
    on influenced_by_month.month_start_date = attributed_by_month.month_start_date
    and models_listed.attribution_model = attributed_by_month.attribution_model
where abs(influenced_by_month.influenced_opportunities - coalesce(attributed_by_month.attributed_opportunities, 0)) > 0.0001
    or abs(influenced_by_month.influenced_pipeline_amount - coalesce(attributed_by_month.attributed_pipeline_amount, 0)) > 0.01
