{#- Cost per SQL per month: abm_cost_amount (fct_abm_cost_months: program costs + ABM ad
    spend) / sqls, where sqls = distinct people whose SQL date falls in the month and whose
    account was a target account on that date (the tier segments of kpi_sql_volume). -#}
with

funnel_people as (

    select * from {{ ref('fct_funnel_people') }}

),

abm_costs as (

    select * from {{ ref('fct_abm_cost_months') }}

),

target_sqls as (

    select
        cast({{ dbt.date_trunc('month', 'sql_date') }} as date) as month_start_date,
        count(distinct person_id) as sqls
    from funnel_people
    where sql_segment in ('tier_1', 'tier_2', 'tier_3')
    group by 1

),

final as (

    select
        abm_costs.month_start_date,
        abm_costs.is_complete,
        cast(abm_costs.abm_cost_amount as {{ type_money() }}) as abm_cost_amount,
        cast(coalesce(target_sqls.sqls, 0) as bigint) as sqls,
        cast(abm_costs.abm_cost_amount / nullif(target_sqls.sqls, 0) as {{ type_money() }})
            as cost_per_sql_amount
    from abm_costs
    left join target_sqls
        on abm_costs.month_start_date = target_sqls.month_start_date

)

select * from final
