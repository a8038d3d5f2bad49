{#- ABM ROI per month.
    abm_cost_amount = program costs + ad spend of ABM-mapped campaigns (fct_abm_cost_months);
    abm_sourced_revenue_amount = won amount (New Business and Expansion, at the close month's fx
    rate) of ABM opportunities (on the target list at creation) closing in the month;
    roi_pct = (revenue - cost) / cost × 100;
    abm_pipeline_created_amount = New Business pipeline of ABM opportunities created in the month;
    pipeline_to_cost_ratio = that pipeline / cost.
    The _12m columns sum the 12 months ending with this month (fewer at the start of the
    calendar; months_in_window says how many). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}
    where is_abm

),

abm_costs as (

    select * from {{ ref('fct_abm_cost_months') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

revenue_summed as (

    select
        close_month_start_date as month_start_date,
        sum(won_amount) as abm_sourced_revenue_amount
    from opportunities
    where is_closed_won
        and opportunity_type in ('New Business', 'Expansion')
        and close_date <= (select as_of_date from as_of)
    group by close_month_start_date

),

pipeline_summed as (

    select
        created_month_start_date as month_start_date,
        sum(coalesce(pipeline_amount, 0)) as abm_pipeline_created_amount
    from opportunities
    where opportunity_type = 'New Business'
    group by created_month_start_date

),

monthly as (

    select
        months.month_start_date,
        months.is_complete,
        coalesce(abm_costs.abm_cost_amount, 0) as abm_cost_amount,
        coalesce(revenue_summed.abm_sourced_revenue_amount, 0) as abm_sourced_revenue_amount,
        coalesce(pipeline_summed.abm_pipeline_created_amount, 0) as abm_pipeline_created_amount
    from months
    left join abm_costs
        on months.month_start_date = abm_costs.month_start_date
    left join revenue_summed
        on months.month_start_date = revenue_summed.month_start_date
    left join pipeline_summed
        on months.month_start_date = pipeline_summed.month_start_date

),

trailing_summed as (

    select
        monthly.month_start_date,
        count(*) as months_in_window,
        sum(window_months.abm_cost_amount) as abm_cost_12m_amount,
        sum(window_months.abm_sourced_revenue_amount) as abm_sourced_revenue_12m_amount,
        sum(window_months.abm_pipeline_created_amount) as abm_pipeline_created_12m_amount
    from monthly
    inner join monthly as window_months
        on {{ is_in_trailing_window('window_months.month_start_date', 'monthly.month_start_date') }}
    group by monthly.month_start_date

),

final as (

    select
        monthly.month_start_date,
        monthly.is_complete,
        cast(monthly.abm_cost_amount as {{ type_money() }}) as abm_cost_amount,
        cast(monthly.abm_sourced_revenue_amount as {{ type_money() }}) as abm_sourced_revenue_amount,
        cast(
            (monthly.abm_sourced_revenue_amount - monthly.abm_cost_amount)
            / nullif(monthly.abm_cost_amount, 0) * 100
            as {{ type_double() }}
        ) as roi_pct,
        cast(monthly.abm_pipeline_created_amount as {{ type_money() }}) as abm_pipeline_created_amount,
        cast(
            monthly.abm_pipeline_created_amount / nullif(monthly.abm_cost_amount, 0)
            as {{ type_double() }}
        ) as pipeline_to_cost_ratio,
        cast(trailing_summed.months_in_window as bigint) as months_in_window,
        cast(trailing_summed.abm_cost_12m_amount as {{ type_money() }}) as abm_cost_12m_amount,
        cast(trailing_summed.abm_sourced_revenue_12m_amount as {{ type_money() }})
            as abm_sourced_revenue_12m_amount,
        cast(
            (trailing_summed.abm_sourced_revenue_12m_amount - trailing_summed.abm_cost_12m_amount)
            / nullif(trailing_summed.abm_cost_12m_amount, 0) * 100
            as {{ type_double() }}
        ) as roi_12m_pct,
        cast(trailing_summed.abm_pipeline_created_12m_amount as {{ type_money() }})
            as abm_pipeline_created_12m_amount,
        cast(
            trailing_summed.abm_pipeline_created_12m_amount
            / nullif(trailing_summed.abm_cost_12m_amount, 0)
            as {{ type_double() }}
        ) as pipeline_to_cost_12m_ratio
    from monthly
    inner join trailing_summed
        on monthly.month_start_date = trailing_summed.month_start_date

)

select * from final
