{#- ABM cost per calendar month (docs/kpi_catalogue.md: program costs plus ad spend of campaigns mapped to an
    ABM program), in the reporting currency, from int_marketing_costs_converted: one row per
    month of the calendar (zeros included). Cost lines whose currency has no fx rate are left
    out (int_amounts_fx_rejected lists them). Used by cost per SQL, ABM ROI and CAC. -#}
with

costs as (

    select * from {{ ref('int_marketing_costs_converted') }}
    where is_abm
        and fx_reject_reason is null

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

costs_summed as (

    select
        month_start_date,
        sum(case when cost_source = 'program_cost' then cost_amount else 0 end)
            as program_cost_amount,
        sum(case when cost_source = 'ad_spend' then cost_amount else 0 end) as ad_spend_amount
    from costs
    group by month_start_date

),

final as (

    select
        months.month_start_date,
        months.is_complete,
        cast(coalesce(costs_summed.program_cost_amount, 0) as {{ type_money() }})
            as program_cost_amount,
        cast(coalesce(costs_summed.ad_spend_amount, 0) as {{ type_money() }}) as ad_spend_amount,
        cast(
            coalesce(costs_summed.program_cost_amount, 0) + coalesce(costs_summed.ad_spend_amount, 0)
            as {{ type_money() }}
        ) as abm_cost_amount
    from months
    left join costs_summed
        on months.month_start_date = costs_summed.month_start_date

)

select * from final
