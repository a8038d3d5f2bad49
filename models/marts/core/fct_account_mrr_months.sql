{#- The account-month MRR fact (docs/kpi_catalogue.md, "Retention and expansion"): one row per
    account and calendar month in which the account had MRR at the start or at the end of the
    month, with the month's movement (new, expansion, contraction, churn, reactivation, flat),
    its parts in the reporting currency, and the account's segment (tier on the date of its
    first subscription start, else non_target), from int_mrr_movements_classified.
    starting + fx_adjustment + new + expansion − contraction − churned + reactivation = ending. -#}
with

mrr_movements as (

    select * from {{ ref('int_mrr_movements_classified') }}

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start_date as date) as month_start_date,
        is_complete,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(movement_type as {{ dbt.type_string() }}) as movement_type,
        cast(starting_mrr_amount as {{ type_money() }}) as starting_mrr_amount,
        cast(fx_adjustment_mrr_amount as {{ type_money() }}) as fx_adjustment_mrr_amount,
        cast(new_mrr_amount as {{ type_money() }}) as new_mrr_amount,
        cast(expansion_mrr_amount as {{ type_money() }}) as expansion_mrr_amount,
        cast(contraction_mrr_amount as {{ type_money() }}) as contraction_mrr_amount,
        cast(churned_mrr_amount as {{ type_money() }}) as churned_mrr_amount,
        cast(reactivation_mrr_amount as {{ type_money() }}) as reactivation_mrr_amount,
        cast(ending_mrr_amount as {{ type_money() }}) as ending_mrr_amount
    from mrr_movements

)

select * from final
