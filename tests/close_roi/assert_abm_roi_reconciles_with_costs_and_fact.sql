-- ABM ROI: total cost = total of int_abm_costs_monthly; total ABM-sourced revenue = won New
-- Business + Expansion amount of the fact's ABM opportunities closed by as_of_date; the cost
-- agrees with kpi_customer_acquisition_cost and kpi_cost_per_sql month by month.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

roi as (

    select * from {{ ref('kpi_abm_roi') }}

),

cac as (

    select * from {{ ref('kpi_customer_acquisition_cost') }}

),

cost_per_sql as (

    select * from {{ ref('kpi_cost_per_sql') }}

),

totals as (

    select
        (select sum(abm_cost_amount) from roi) as roi_cost,
        (select sum(abm_cost_amount) from {{ ref('int_abm_costs_monthly') }}) as model_cost,
        (select sum(abm_sourced_revenue_amount) from roi) as roi_revenue,
        (
            select coalesce(sum(won_amount), 0)
            from {{ ref('fct_opportunities') }}
            where is_abm
                and is_closed_won
                and opportunity_type in ('New Business', 'Expansion')
                and close_date <= (select as_of_date from as_of)
        ) as fact_revenue

),

totals_failing as (

    select
        cast(null as date) as month_start_date,
        'totals' as check_name
    from totals
    where abs(roi_cost - model_cost) > 0.01
        or abs(roi_revenue - fact_revenue) > 0.01

),

months_failing as (

    select
        roi.month_start_date,
        'cost_differs_between_marts' as check_name
    from roi
    inner join cac
        on roi.month_start_date = cac.month_start_date
    inner join cost_per_sql
        on roi.month_start_date = cost_per_sql.month_start_date
    where abs(roi.abm_cost_amount - cac.abm_cost_amount) > 0.01
        or abs(roi.abm_cost_amount - cost_per_sql.abm_cost_amount) > 0.01

)

select * from totals_failing
union all
select * from months_failing
