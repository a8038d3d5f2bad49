{#- One MRR movement per account and month. Movements compare this month's MRR (ending) with
    last month's MRR restated at this month's fx rates (starting at current rate, "cc"), so a
    rate change is never mistaken for an expansion or contraction:
    - new:          cc 0, ending > 0, the account never had a subscription before
    - reactivation: cc 0, ending > 0, the account had a subscription before
    - expansion:    cc > 0, ending > cc          (amount = ending - cc)
    - contraction:  cc > 0, 0 < ending < cc      (amount = cc - ending)
    - churn:        cc > 0, ending = 0           (amount = cc)
    - flat:         cc = ending > 0              (no movement; kept so that the starting and
                    ending MRR of a month can be summed from this model)
    fx_adjustment_mrr_amount = cc - starting (starting = last month's ending as reported).
    Always: ending = starting + fx_adjustment + new + reactivation + expansion - contraction -
    churn. Account-months with zero MRR on both sides are not emitted.
    segment = the account's segment on the day its first subscription started (target list
    stay covering that day, else non_target). -#}
with

account_mrr as (

    select * from {{ ref('int_account_mrr_monthly') }}

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

target_stays as (

    select * from {{ ref('stg_crm__target_accounts') }}

),

account_first_starts as (

    select
        account_id,
        min(start_date) as first_subscription_start_date
    from subscriptions
    group by account_id

),

segment_at_first_start as (

    {{ segment_on_date('account_first_starts', ['account_id'], 'account_id', 'first_subscription_start_date') }}

),

movements_classified as (

    select
        account_id,
        month_start_date,
        is_complete,
        starting_mrr_amount,
        starting_mrr_at_current_rate_amount as cc,
        mrr_amount as ending_mrr_amount,
        case
            when starting_mrr_at_current_rate_amount = 0 and mrr_amount > 0 and not has_started_before
                then 'new'
            when starting_mrr_at_current_rate_amount = 0 and mrr_amount > 0
                then 'reactivation'
            when starting_mrr_at_current_rate_amount > 0 and mrr_amount = 0
                then 'churn'
            when starting_mrr_at_current_rate_amount > 0
                and mrr_amount > starting_mrr_at_current_rate_amount
                then 'expansion'
            when starting_mrr_at_current_rate_amount > 0
                and mrr_amount < starting_mrr_at_current_rate_amount
                then 'contraction'
            when starting_mrr_at_current_rate_amount > 0
                then 'flat'
        end as movement_type
    from account_mrr

),

final as (

    select
        movements_classified.account_id,
        movements_classified.month_start_date,
        movements_classified.is_complete,
        segment_at_first_start.segment,
        movements_classified.movement_type,
        cast(movements_classified.starting_mrr_amount as {{ type_money() }}) as starting_mrr_amount,
        cast(cc - movements_classified.starting_mrr_amount as {{ type_money() }})
            as fx_adjustment_mrr_amount,
        cast(
            case when movement_type = 'new' then ending_mrr_amount else 0 end
            as {{ type_money() }}
        ) as new_mrr_amount,
        cast(
            case when movement_type = 'expansion' then ending_mrr_amount - cc else 0 end
            as {{ type_money() }}
        ) as expansion_mrr_amount,
        cast(
            case when movement_type = 'contraction' then cc - ending_mrr_amount else 0 end
            as {{ type_money() }}
        ) as contraction_mrr_amount,
        cast(
            case when movement_type = 'churn' then cc else 0 end
            as {{ type_money() }}
        ) as churned_mrr_amount,
        cast(
            case when movement_type = 'reactivation' then ending_mrr_amount else 0 end
            as {{ type_money() }}
        ) as reactivation_mrr_amount,
        cast(movements_classified.ending_mrr_amount as {{ type_money() }}) as ending_mrr_amount
    from movements_classified
    inner join segment_at_first_start
        on movements_classified.account_id = segment_at_first_start.account_id
    where movements_classified.movement_type is not null

)

select * from final
