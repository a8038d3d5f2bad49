{#- Calendar months from the first event's month to the month that contains as_of_date. -#}
with

date_range as (

    select
        cast({{ dbt.date_trunc('month', 'first_event_date') }} as date) as first_month_start_date,
        as_of_date
    from {{ ref('int_as_of_date') }}

),

numbers as (

    {{ integer_series(600) }}

),

months as (

    select
        cast({{ dbt.dateadd('month', 'numbers.n', 'date_range.first_month_start_date') }} as date) as month_start_date,
        date_range.as_of_date
    from date_range
    cross join numbers

),

final as (

    select
        month_start_date,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start_date')) }} as date) as month_end_date,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start_date')) }} as date) < as_of_date
            as is_complete
    from months
    where month_start_date <= as_of_date

)

select * from final
