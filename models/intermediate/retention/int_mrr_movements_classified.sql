{#- One MRR movement per account and month, comparing the account's MRR at this month's
    snapshot (ending) with last month's (starting; 0 before the first subscription):
    - new:          starting 0, ending > 0, and the account never had MRR before
    - reactivation: starting 0, ending > 0, and the account had MRR in an earlier month
    - expansion:    starting > 0, ending > starting          (amount = ending - starting)
    - contraction:  starting > 0, 0 < ending < starting      (amount = starting - ending)
    - churn:        starting > 0, ending = 0                 (amount = starting)
    - flat:         starting = ending > 0                    (no movement, kept so that the
                    starting and ending MRR of a month can be summed from this model)
    Account-months with zero MRR on both sides are not emitted.
    Always: ending = starting + new + reactivation + expansion - contraction - churn.
    segment = the account's segment on the day its first subscription started (target list
    stay covering that day, else non_target). -#}
with

account_mrr as (

    select * from {{ ref('int_account_mrr_monthly') }}

),

subscriptions as (

    select * from {{ ref('int_subscriptions_converted') }}
    where fx_reject_reason is null

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

    select
        account_first_starts.account_id,
        account_first_starts.first_subscription_start_date,
        coalesce(min(target_stays.segment), 'non_target') as segment
    from account_first_starts
    left join target_stays
        on account_first_starts.account_id = target_stays.account_id
        and {{ is_on_target_list('target_stays', 'account_first_starts.first_subscription_start_date') }}
    group by
        account_first_starts.account_id,
        account_first_starts.first_subscription_start_date

),

mrr_compared as (

    select
        account_id,
        month_start_date,
        is_complete,
        coalesce(
            lag(mrr_amount) over (partition by account_id order by month_start_date),
            0
        ) as starting_mrr_amount,
        mrr_amount as ending_mrr_amount,
        coalesce(
            max(mrr_amount) over (
                partition by account_id
                order by month_start_date
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as earlier_max_mrr_amount
    from account_mrr

),

movements_classified as (

    select
        *,
        case
            when starting_mrr_amount = 0 and ending_mrr_amount > 0 and earlier_max_mrr_amount = 0
                then 'new'
            when starting_mrr_amount = 0 and ending_mrr_amount > 0
                then 'reactivation'
            when starting_mrr_amount > 0 and ending_mrr_amount = 0
                then 'churn'
            when starting_mrr_amount > 0 and ending_mrr_amount > starting_mrr_amount
                then 'expansion'
            when starting_mrr_amount > 0 and ending_mrr_amount < starting_mrr_amount
                then 'contraction'
            when starting_mrr_amount > 0
                then 'flat'
        end as movement_type
    from mrr_compared

),

final as (

    select
        movements_classified.account_id,
        movements_classified.month_start_date,
        movements_classified.is_complete,
        segment_at_first_start.segment,
        movements_classified.movement_type,
        cast(movements_classified.starting_mrr_amount as double precision) as starting_mrr_amount,
        cast(
            case when movement_type = 'new' then ending_mrr_amount else 0 end
            as double precision
        ) as new_mrr_amount,
        cast(
            case when movement_type = 'expansion' then ending_mrr_amount - starting_mrr_amount else 0 end
            as double precision
        ) as expansion_mrr_amount,
        cast(
            case when movement_type = 'contraction' then starting_mrr_amount - ending_mrr_amount else 0 end
            as double precision
        ) as contraction_mrr_amount,
        cast(
            case when movement_type = 'churn' then starting_mrr_amount else 0 end
            as double precision
        ) as churned_mrr_amount,
        cast(
            case when movement_type = 'reactivation' then ending_mrr_amount else 0 end
            as double precision
        ) as reactivation_mrr_amount,
        cast(movements_classified.ending_mrr_amount as double precision) as ending_mrr_amount
    from movements_classified
    inner join segment_at_first_start
        on movements_classified.account_id = segment_at_first_start.account_id
    where movements_classified.movement_type is not null

)

select * from final
