{#- Retention and expansion per month and segment, from the MRR movements of
    fct_account_mrr_months (segment = the account's segment when its first subscription
    started). starting = ending MRR of the month before (at its rates); the fx adjustment
    restates it at this month's rates; movements and retention rates are in constant currency:
    GRR = (start at current rates - contraction - churn) / start at current rates, NRR adds
    expansion and reactivation. customers_start = accounts with starting MRR > 0;
    churned_customers = accounts whose MRR went to 0 this month. -#}
with

movements as (

    select * from {{ ref('fct_account_mrr_months') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

segments as (

    {{ segment_rows() }}

),

movements_summed as (

    select
        month_start_date,
        segment,
        sum(starting_mrr_amount) as starting_mrr_amount,
        sum(fx_adjustment_mrr_amount) as fx_adjustment_mrr_amount,
        sum(new_mrr_amount) as new_mrr_amount,
        sum(expansion_mrr_amount) as expansion_mrr_amount,
        sum(reactivation_mrr_amount) as reactivation_mrr_amount,
        sum(contraction_mrr_amount) as contraction_mrr_amount,
        sum(churned_mrr_amount) as churned_mrr_amount,
        sum(ending_mrr_amount) as ending_mrr_amount,
        sum(case when starting_mrr_amount > 0 then 1 else 0 end) as customers_start,
        sum(case when movement_type = 'new' then 1 else 0 end) as new_customers,
        sum(case when movement_type = 'reactivation' then 1 else 0 end) as reactivated_customers,
        sum(case when movement_type = 'churn' then 1 else 0 end) as churned_customers,
        sum(case when ending_mrr_amount > 0 then 1 else 0 end) as customers_end
    from movements
    group by month_start_date, segment

),

spine_filled as (

    select
        months.month_start_date,
        segments.segment,
        months.is_complete,
        coalesce(movements_summed.starting_mrr_amount, 0) as starting_mrr_amount,
        coalesce(movements_summed.fx_adjustment_mrr_amount, 0) as fx_adjustment_mrr_amount,
        coalesce(movements_summed.new_mrr_amount, 0) as new_mrr_amount,
        coalesce(movements_summed.expansion_mrr_amount, 0) as expansion_mrr_amount,
        coalesce(movements_summed.reactivation_mrr_amount, 0) as reactivation_mrr_amount,
        coalesce(movements_summed.contraction_mrr_amount, 0) as contraction_mrr_amount,
        coalesce(movements_summed.churned_mrr_amount, 0) as churned_mrr_amount,
        coalesce(movements_summed.ending_mrr_amount, 0) as ending_mrr_amount,
        coalesce(movements_summed.customers_start, 0) as customers_start,
        coalesce(movements_summed.new_customers, 0) as new_customers,
        coalesce(movements_summed.reactivated_customers, 0) as reactivated_customers,
        coalesce(movements_summed.churned_customers, 0) as churned_customers,
        coalesce(movements_summed.customers_end, 0) as customers_end
    from months
    cross join segments
    left join movements_summed
        on months.month_start_date = movements_summed.month_start_date
            and segments.segment = movements_summed.segment

),

final as (

    select
        month_start_date,
        segment,
        is_complete,
        cast(starting_mrr_amount as {{ type_money() }}) as starting_mrr_amount,
        cast(fx_adjustment_mrr_amount as {{ type_money() }}) as fx_adjustment_mrr_amount,
        cast(starting_mrr_amount + fx_adjustment_mrr_amount as {{ type_money() }})
            as starting_mrr_at_current_rate_amount,
        cast(new_mrr_amount as {{ type_money() }}) as new_mrr_amount,
        cast(expansion_mrr_amount as {{ type_money() }}) as expansion_mrr_amount,
        cast(reactivation_mrr_amount as {{ type_money() }}) as reactivation_mrr_amount,
        cast(contraction_mrr_amount as {{ type_money() }}) as contraction_mrr_amount,
        cast(churned_mrr_amount as {{ type_money() }}) as churned_mrr_amount,
        cast(ending_mrr_amount as {{ type_money() }}) as ending_mrr_amount,
        cast(customers_start as bigint) as customers_start,
        cast(new_customers as bigint) as new_customers,
        cast(reactivated_customers as bigint) as reactivated_customers,
        cast(churned_customers as bigint) as churned_customers,
        cast(customers_end as bigint) as customers_end,
        cast(churned_customers * 1.0 / nullif(customers_start, 0) as {{ type_double() }})
            as logo_churn_rate,
        cast(
            (
                starting_mrr_amount + fx_adjustment_mrr_amount
                - contraction_mrr_amount - churned_mrr_amount
            )
            / nullif(starting_mrr_amount + fx_adjustment_mrr_amount, 0)
            as {{ type_double() }}
        ) as gross_revenue_retention_rate,
        cast(
            (
                starting_mrr_amount + fx_adjustment_mrr_amount + expansion_mrr_amount
                + reactivation_mrr_amount - contraction_mrr_amount - churned_mrr_amount
            )
            / nullif(starting_mrr_amount + fx_adjustment_mrr_amount, 0)
            as {{ type_double() }}
        ) as net_revenue_retention_rate
    from spine_filled

)

select * from final
