{#- MetricFlow's time spine: one row per day (date_day) from January 1st of the year before the
    first event date found in the extracts up to as_of_date, so that cumulative metrics (the
    trailing-12-month ones) emit no period after as_of_date, like the KPI marts. Portable: the
    integer_series macro (up to 10,000 days, about 27 years) and dbt's cross-database date
    macros. Configured as the project's time spine by the `time_spine:` property in
    _semantic__time_spine.yml. -#}
with

date_range as (

    select
        cast({{ dbt.dateadd('year', -1, dbt.date_trunc('year', 'first_event_date')) }} as date)
            as first_date_day,
        as_of_date
    from {{ ref('int_as_of_date') }}

),

numbers as (

    {{ integer_series(10000) }}

),

days as (

    select
        cast({{ dbt.dateadd('day', 'numbers.n', 'date_range.first_date_day') }} as date) as date_day,
        date_range.as_of_date
    from date_range
    cross join numbers

),

final as (

    select date_day
    from days
    where date_day <= as_of_date

)

select * from final
