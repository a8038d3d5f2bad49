{#- MRR per account and calendar month, in the reporting currency: the sum of the MRR of the
    account's subscriptions active on the month's snapshot day (its last day, or as_of_date for
    the month that contains it), rounded to cents. A subscription is active on day d when
    start_date <= d and (end_date is null or end_date > d). One row per account and month from
    the month of its first subscription start to the month of as_of_date (zero MRR included).
    Subscriptions whose currency has no fx rate are left out (see int_amounts_fx_rejected). -#}
with

subscriptions as (

    select * from {{ ref('int_subscriptions_converted') }}
    where fx_reject_reason is null

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

snapshot_days as (

    select
        month_start_date,
        is_complete,
        case
            when month_end_date < {{ as_of_date() }} then month_end_date
            else {{ as_of_date() }}
        end as snapshot_date
    from months

),

account_first_months as (

    select
        account_id,
        cast({{ dbt.date_trunc('month', 'min(start_date)') }} as date) as first_month_start_date
    from subscriptions
    group by account_id

),

account_months as (

    select
        account_first_months.account_id,
        snapshot_days.month_start_date,
        snapshot_days.snapshot_date,
        snapshot_days.is_complete
    from account_first_months
    inner join snapshot_days
        on snapshot_days.month_start_date >= account_first_months.first_month_start_date

),

mrr_summed as (

    select
        account_months.account_id,
        account_months.month_start_date,
        account_months.snapshot_date,
        account_months.is_complete,
        count(subscriptions.subscription_id) as active_subscriptions,
        round(cast(coalesce(sum(subscriptions.mrr_amount), 0) as {{ dbt.type_numeric() }}), 2)
            as mrr_amount
    from account_months
    left join subscriptions
        on account_months.account_id = subscriptions.account_id
        and subscriptions.start_date <= account_months.snapshot_date
        and (
            subscriptions.end_date is null
            or subscriptions.end_date > account_months.snapshot_date
        )
    group by
        account_months.account_id,
        account_months.month_start_date,
        account_months.snapshot_date,
        account_months.is_complete

),

final as (

    select
        account_id,
        month_start_date,
        snapshot_date,
        is_complete,
        cast(active_subscriptions as integer) as active_subscriptions,
        cast(mrr_amount as double precision) as mrr_amount
    from mrr_summed

)

select * from final
