{#- MRR per account and calendar month in the reporting currency, with the month's starting MRR
    twice: as reported last month, and restated at this month's fx rates (constant currency),
    so that MRR movements show contract changes and the fx effect stays apart.
      mrr_amount = Σ MRR of the account's subscriptions active on the month's snapshot day
        (int_subscription_months_converted), each at this month's rate;
      starting_mrr_amount = last month's mrr_amount (for the first calendar month: the baseline
        month before the calendar at its own rate, else at this month's rate);
      starting_mrr_at_current_rate_amount = last month's MRR per currency × this month's rate;
      has_started_before = the account has a subscription that started on or before last
        month's snapshot day (it had MRR before: a return from zero is a reactivation).
    Amounts are exact decimals (type_money), never rounded. One row per account and calendar
    month from the first month in which the account has (or just had) MRR, zero months
    included. Subscription-months whose currency has no rate are left out
    (int_amounts_fx_rejected lists them). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

subscription_months as (

    select * from {{ ref('int_subscription_months_converted') }}
    where fx_reject_reason is null

),

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_monthly') }}

),

fx_horizon as (

    select max(month_start_date) as last_rate_month_start_date
    from fx_rates

),

snapshot_months as (

    select
        month_start_date,
        is_complete,
        case
            when month_end_date < (select as_of_date from as_of) then month_end_date
            else (select as_of_date from as_of)
        end as snapshot_date,
        false as is_baseline_month
    from months
    union all
    select
        cast({{ dbt.dateadd('month', -1, 'min(month_start_date)') }} as date) as month_start_date,
        true as is_complete,
        cast({{ dbt.dateadd('day', -1, 'min(month_start_date)') }} as date) as snapshot_date,
        true as is_baseline_month
    from months

),

account_currencies as (

    select distinct
        account_id,
        currency_code
    from subscription_months

),

account_first_months as (

    select
        account_id,
        min(month_start_date) as first_month_start_date
    from subscription_months
    group by account_id

),

local_mrr_by_currency as (

    select
        account_currencies.account_id,
        account_currencies.currency_code,
        snapshot_months.month_start_date,
        snapshot_months.snapshot_date,
        snapshot_months.is_complete,
        snapshot_months.is_baseline_month,
        count(subscription_months.subscription_id) as active_subscriptions,
        coalesce(sum(subscription_months.mrr_local), 0) as mrr_local
    from account_currencies
    cross join snapshot_months
    left join subscription_months
        on account_currencies.account_id = subscription_months.account_id
            and account_currencies.currency_code = subscription_months.currency_code
            and snapshot_months.month_start_date = subscription_months.month_start_date
    group by 1, 2, 3, 4, 5, 6

),

local_mrr_compared as (

    select
        local_mrr_by_currency.*,
        coalesce(
            lag(local_mrr_by_currency.mrr_local) over (
                partition by local_mrr_by_currency.account_id, local_mrr_by_currency.currency_code
                order by local_mrr_by_currency.month_start_date
            ),
            0
        ) as previous_mrr_local
    from local_mrr_by_currency

),

converted as (

    select
        local_mrr_compared.account_id,
        local_mrr_compared.month_start_date,
        local_mrr_compared.snapshot_date,
        local_mrr_compared.is_complete,
        local_mrr_compared.is_baseline_month,
        local_mrr_compared.active_subscriptions,
        {{ converted_amount('local_mrr_compared.mrr_local', 'coalesce(fx_rates.rate_to_reporting, 0)') }}
            as mrr_amount,
        {{ converted_amount('local_mrr_compared.previous_mrr_local', 'coalesce(fx_rates.rate_to_reporting, 0)') }}
            as starting_mrr_at_current_rate_amount
    from local_mrr_compared
    cross join fx_horizon
    left join fx_rates
        on local_mrr_compared.currency_code = fx_rates.currency_code
            and least(local_mrr_compared.month_start_date, fx_horizon.last_rate_month_start_date)
            = fx_rates.month_start_date

),

account_months as (

    select
        account_id,
        month_start_date,
        snapshot_date,
        is_complete,
        is_baseline_month,
        sum(active_subscriptions) as active_subscriptions,
        cast(sum(mrr_amount) as {{ type_money() }}) as mrr_amount,
        cast(sum(starting_mrr_at_current_rate_amount) as {{ type_money() }})
            as starting_mrr_at_current_rate_amount
    from converted
    group by 1, 2, 3, 4, 5

),

account_months_compared as (

    select
        account_months.*,
        coalesce(
            lag(account_months.mrr_amount)
                over (partition by account_months.account_id order by account_months.month_start_date),
            account_months.starting_mrr_at_current_rate_amount
        ) as starting_mrr_amount,
        lag(account_months.snapshot_date)
            over (partition by account_months.account_id order by account_months.month_start_date)
            as previous_snapshot_date
    from account_months

),

account_first_starts as (

    select
        account_id,
        min(start_date) as first_start_date
    from subscriptions
    group by account_id

),

final as (

    select
        account_months_compared.account_id,
        account_months_compared.month_start_date,
        account_months_compared.snapshot_date,
        account_months_compared.is_complete,
        cast(account_months_compared.active_subscriptions as integer) as active_subscriptions,
        cast(account_months_compared.mrr_amount as {{ type_money() }}) as mrr_amount,
        cast(account_months_compared.starting_mrr_amount as {{ type_money() }}) as starting_mrr_amount,
        cast(account_months_compared.starting_mrr_at_current_rate_amount as {{ type_money() }})
            as starting_mrr_at_current_rate_amount,
        coalesce(
            account_first_starts.first_start_date <= account_months_compared.previous_snapshot_date,
            false
        ) as has_started_before
    from account_months_compared
    inner join account_first_months
        on account_months_compared.account_id = account_first_months.account_id
    inner join account_first_starts
        on account_months_compared.account_id = account_first_starts.account_id
    where not account_months_compared.is_baseline_month
        and account_months_compared.month_start_date
        >= account_first_months.first_month_start_date

)

select * from final
