{#- One rate per currency and month, for every month from the first rate (or first event,
    whichever is earlier) to the later of as_of_date and the last rate. A month without a rate
    takes the latest earlier month's rate; months before a currency's first rate have no row,
    so an amount in them is not converted (it is excluded and reported, never taken at 1).
    The reporting currency converts at 1. -#}
with

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

date_range as (

    select * from {{ ref('int_as_of_date') }}

),

reported_rates as (

    select
        upper(trim(currency_code)) as currency_code,
        cast({{ dbt.date_trunc('month', 'month_start_date') }} as date) as month_start_date,
        cast(rate_to_reporting as {{ dbt.type_numeric() }}) as rate_to_reporting
    from fx_rates
    where upper(trim(currency_code)) <> '{{ var("reporting_currency") }}'

),

rate_bounds as (

    select
        min(month_start_date) as first_rate_month_start_date,
        max(month_start_date) as last_rate_month_start_date
    from reported_rates

),

month_bounds as (

    select
        least(rate_bounds.first_rate_month_start_date, date_range.first_event_date) as first_date,
        greatest(rate_bounds.last_rate_month_start_date, date_range.as_of_date) as last_date
    from rate_bounds
    cross join date_range

),

month_range as (

    select
        cast({{ dbt.date_trunc('month', 'first_date') }} as date) as first_month_start_date,
        cast({{ dbt.date_trunc('month', 'last_date') }} as date) as last_month_start_date
    from month_bounds

),

numbers as (

    {{ integer_series(600) }}

),

months as (

    select
        cast({{ dbt.dateadd('month', 'numbers.n', 'month_range.first_month_start_date') }} as date) as month_start_date,
        month_range.last_month_start_date
    from month_range
    cross join numbers

),

currencies as (

    select distinct currency_code from reported_rates

),

latest_rate_month as (

    select
        currencies.currency_code,
        months.month_start_date,
        max(reported_rates.month_start_date) as rate_month_start_date
    from currencies
    cross join months
    inner join reported_rates
        on reported_rates.currency_code = currencies.currency_code
            and reported_rates.month_start_date <= months.month_start_date
    where months.month_start_date <= months.last_month_start_date
    group by 1, 2

),

carried_forward as (

    select
        latest_rate_month.currency_code,
        latest_rate_month.month_start_date,
        reported_rates.rate_to_reporting,
        latest_rate_month.rate_month_start_date <> latest_rate_month.month_start_date as is_carried_forward
    from latest_rate_month
    inner join reported_rates
        on reported_rates.currency_code = latest_rate_month.currency_code
            and reported_rates.month_start_date = latest_rate_month.rate_month_start_date

),

reporting_currency as (

    select
        '{{ var("reporting_currency") }}' as currency_code,
        months.month_start_date,
        cast(1 as {{ dbt.type_numeric() }}) as rate_to_reporting,
        false as is_carried_forward
    from months
    where months.month_start_date <= months.last_month_start_date

),

final as (

    select * from carried_forward
    union all
    select * from reporting_currency

)

select * from final
