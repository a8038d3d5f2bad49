{#- The ABM cost fact (docs/kpi_catalogue.md, "ABM cost"): one row per calendar month up to
    as_of_date, with the program costs and the ad spend of ABM campaigns in the reporting
    currency and their sum, from int_abm_costs_monthly. -#}
with

abm_costs as (

    select * from {{ ref('int_abm_costs_monthly') }}

),

final as (

    select
        cast(month_start_date as date) as month_start_date,
        is_complete,
        cast(program_cost_amount as {{ type_money() }}) as program_cost_amount,
        cast(ad_spend_amount as {{ type_money() }}) as ad_spend_amount,
        cast(abm_cost_amount as {{ type_money() }}) as abm_cost_amount
    from abm_costs

)

select * from final
