{#- Opportunity amounts in the reporting currency.
    Pipeline is converted at the rate of the creation month, won / lost amounts at the rate of
    the closing month (int_fx_rates_monthly already carries a rate forward to months without
    one; a month after the last month of the rate calendar takes that last month's rate).
    A currency without any rate is never converted at 1: the row keeps a null amount and says
    why in fx_reject_reason (the opportunity fact excludes it; int_amounts_fx_rejected lists it). -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

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
        opportunities.opportunity_id,
        opportunities.currency_code,
        opportunities.amount_local,
        opportunities.is_closed,
        least(
            cast({{ dbt.date_trunc('month', 'opportunities.created_date') }} as date),
            fx_horizon.last_rate_month_start_date
        ) as created_rate_month_start_date,
        least(
            cast({{ dbt.date_trunc('month', 'opportunities.close_date') }} as date),
            fx_horizon.last_rate_month_start_date
        ) as close_rate_month_start_date
    from opportunities
    cross join fx_horizon

),

rates_joined as (

    select
        rate_months_chosen.opportunity_id,
        rate_months_chosen.currency_code,
        rate_months_chosen.amount_local,
        rate_months_chosen.is_closed,
        created_rates.rate_to_reporting as created_rate_to_reporting,
        close_rates.rate_to_reporting as close_rate_to_reporting
    from rate_months_chosen
    left join fx_rates as created_rates
        on rate_months_chosen.currency_code = created_rates.currency_code
            and rate_months_chosen.created_rate_month_start_date = created_rates.month_start_date
    left join fx_rates as close_rates
        on rate_months_chosen.currency_code = close_rates.currency_code
            and rate_months_chosen.close_rate_month_start_date = close_rates.month_start_date

),

final as (

    select
        opportunity_id,
        currency_code,
        amount_local,
        cast(created_rate_to_reporting as {{ type_decimal(18, 8) }}) as created_rate_to_reporting,
        cast(close_rate_to_reporting as {{ type_decimal(18, 8) }}) as close_rate_to_reporting,
        {{ converted_amount('amount_local', 'created_rate_to_reporting') }} as pipeline_amount,
        case
            when is_closed then {{ converted_amount('amount_local', 'close_rate_to_reporting') }}
        end as closed_amount,
        case
            when amount_local is null then null
            when created_rate_to_reporting is null
                then 'missing_fx_rate:' || coalesce(currency_code, 'null') || ':created_month'
            when is_closed and close_rate_to_reporting is null
                then 'missing_fx_rate:' || coalesce(currency_code, 'null') || ':close_month'
        end as fx_reject_reason
    from rates_joined

)

select * from final
