{#- ABM customer acquisition cost per month.
    new_abm_customers = accounts whose first won New Business opportunity (earliest close_date,
    then created_date, then opportunity_id) closed in the month and was an ABM opportunity (on
    the target list at creation); cac_amount = abm_cost_amount / new_abm_customers.
    The _12m columns sum the 12 months ending with this month (months_in_window says how many). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

abm_costs as (

    select * from {{ ref('fct_abm_cost_months') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

won_new_business_ranked as (

    select
        account_id,
        opportunity_id,
        close_month_start_date,
        is_abm,
        row_number() over (
            partition by account_id
            order by close_date, created_date, opportunity_id
        ) as win_number
    from opportunities
    where is_closed_won
        and opportunity_type = 'New Business'
        and close_date <= (select as_of_date from as_of)

),

new_customers_counted as (

    select
        close_month_start_date as month_start_date,
        count(*) as new_abm_customers
    from won_new_business_ranked
    where win_number = 1
        and is_abm
    group by close_month_start_date

),

monthly as (

    select
        months.month_start_date,
        months.is_complete,
        coalesce(abm_costs.abm_cost_amount, 0) as abm_cost_amount,
        coalesce(new_customers_counted.new_abm_customers, 0) as new_abm_customers
    from months
    left join abm_costs
        on months.month_start_date = abm_costs.month_start_date
    left join new_customers_counted
        on months.month_start_date = new_customers_counted.month_start_date

),

trailing_summed as (

    select
        monthly.month_start_date,
        count(*) as months_in_window,
        sum(window_months.abm_cost_amount) as abm_cost_12m_amount,
        sum(window_months.new_abm_customers) as new_abm_customers_12m
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
        cast(monthly.new_abm_customers as bigint) as new_abm_customers,
        cast(monthly.abm_cost_amount / nullif(monthly.new_abm_customers, 0) as {{ type_money() }})
            as cac_amount,
        cast(trailing_summed.months_in_window as bigint) as months_in_window,
        cast(trailing_summed.abm_cost_12m_amount as {{ type_money() }}) as abm_cost_12m_amount,
        cast(trailing_summed.new_abm_customers_12m as bigint) as new_abm_customers_12m,
        cast(
            trailing_summed.abm_cost_12m_amount / nullif(trailing_summed.new_abm_customers_12m, 0)
            as {{ type_money() }}
        ) as cac_12m_amount
    from monthly
    inner join trailing_summed
        on monthly.month_start_date = trailing_summed.month_start_date

)

select * from final
