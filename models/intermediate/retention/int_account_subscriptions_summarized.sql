{#- One row per account with a billing subscription started on or before as_of_date: the first
    subscription's start date and whether a subscription is active on as_of_date (start_date
    <= as_of_date and end_date null or later). The customer status of dim_accounts: active
    → customer, else churned; an account without a row here is a prospect. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

final as (

    select
        subscriptions.account_id,
        min(subscriptions.start_date) as first_subscription_start_date,
        max(
            case
                when subscriptions.end_date is null or subscriptions.end_date > as_of.as_of_date then 1
                else 0
            end
        ) as has_active_subscription
    from subscriptions
    cross join as_of
    where subscriptions.start_date <= as_of.as_of_date
    group by subscriptions.account_id

)

select * from final
