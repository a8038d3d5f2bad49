{#- One row per subscription and month in which it is active on the month's snapshot day (the
    month's last day, or as_of_date for the month containing it), for every calendar month and
    the month just before the calendar (the baseline that gives the first calendar month its
    starting MRR). A subscription is active on day d when start_date <= d and (end_date is null
    or end_date > d).
    MRR is converted at the rate of that month (docs/kpi_catalogue.md: MRR at the subscription month;
    int_fx_rates_monthly carries rates forward; a month after the last rate month takes the
    last month's rate). A currency without a rate for the month is not converted at 1:
    mrr_amount stays null and fx_reject_reason says why (int_amounts_fx_rejected lists it). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

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

baseline_month as (

    select
        cast({{ dbt.dateadd('month', -1, 'min(month_start_date)') }} as date) as month_start_date,
        cast({{ dbt.dateadd('day', -1, 'min(month_start_date)') }} as date) as snapshot_date,
        true as is_baseline_month
    from months

),

snapshot_months as (

    select
        month_start_date,
        case
            when month_end_date < (select as_of_date from as_of) then month_end_date
            else (select as_of_date from as_of)
        end as snapshot_date,
        false as is_baseline_month
    from months
    union all
    select * from baseline_month

),

subscription_months as (

    select
        subscriptions.subscription_id,
        subscriptions.account_id,
        subscriptions.currency_code,
        subscriptions.mrr_local,
        snapshot_months.month_start_date,
        snapshot_months.snapshot_date,
        snapshot_months.is_baseline_month,
        least(snapshot_months.month_start_date, fx_horizon.last_rate_month_start_date)
            as rate_month_start_date
    from subscriptions
    inner join snapshot_months
        on subscriptions.start_date <= snapshot_months.snapshot_date
            and (subscriptions.end_date is null or subscriptions.end_date > snapshot_months.snapshot_date)
    cross join fx_horizon

),

final as (

    select
        subscription_months.subscription_id,
        subscription_months.account_id,
        subscription_months.month_start_date,
        subscription_months.snapshot_date,
        subscription_months.is_baseline_month,
        subscription_months.currency_code,
        subscription_months.mrr_local,
        cast(fx_rates.rate_to_reporting as {{ type_decimal(18, 8) }}) as rate_to_reporting,
        {{ converted_amount('subscription_months.mrr_local', 'fx_rates.rate_to_reporting') }}
            as mrr_amount,
        case
            when fx_rates.rate_to_reporting is null
                then 'missing_fx_rate:' || coalesce(subscription_months.currency_code, 'null')
        end as fx_reject_reason
    from subscription_months
    left join fx_rates
        on subscription_months.currency_code = fx_rates.currency_code
            and subscription_months.rate_month_start_date = fx_rates.month_start_date

)

select * from final
