{#- Subscription MRR in the reporting currency, at the rate of the subscription's start month
    (the month the subscription was signed at that price): a subscription keeps one reporting-
    currency MRR for its whole life, so MRR movements show contract changes, not fx noise.
    A start month after the last month of the rate calendar takes that last month's rate.
    A currency without any rate leaves mrr_amount null with fx_reject_reason set; such rows are
    left out of MRR (int_amounts_fx_rejected lists them). -#}
with

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_monthly') }}

),

fx_horizon as (

    select max(month_start_date) as last_rate_month_start_date
    from fx_rates

),

rate_months_chosen as (

    select
        subscriptions.*,
        least(
            cast({{ dbt.date_trunc('month', 'subscriptions.start_date') }} as date),
            fx_horizon.last_rate_month_start_date
        ) as rate_month_start_date
    from subscriptions
    cross join fx_horizon

),

final as (

    select
        rate_months_chosen.subscription_id,
        rate_months_chosen.account_id,
        rate_months_chosen.product,
        rate_months_chosen.start_date,
        rate_months_chosen.end_date,
        rate_months_chosen.currency_code,
        rate_months_chosen.mrr_local,
        cast(fx_rates.rate_to_reporting as double precision) as rate_to_reporting,
        cast(rate_months_chosen.mrr_local * fx_rates.rate_to_reporting as double precision)
            as mrr_amount,
        case
            when fx_rates.rate_to_reporting is null
                then 'missing_fx_rate:' || coalesce(rate_months_chosen.currency_code, 'null')
        end as fx_reject_reason
    from rate_months_chosen
    left join fx_rates
        on rate_months_chosen.currency_code = fx_rates.currency_code
        and rate_months_chosen.rate_month_start_date = fx_rates.month_start_date

)

select * from final
