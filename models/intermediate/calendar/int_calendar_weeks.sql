{#- Monday-start weeks from the first event's week to the week that contains as_of_date. -#}
with

date_range as (

    select
        cast({{ dbt.date_trunc('week', 'first_event_date') }} as date) as first_week_start_date,
        as_of_date
    from {{ ref('int_as_of_date') }}

),

numbers as (

    {{ integer_series(2000) }}

),

weeks as (

    select
        cast({{ dbt.dateadd('week', 'numbers.n', 'date_range.first_week_start_date') }} as date) as week_start_date,
        date_range.as_of_date
    from date_range
    cross join numbers

),

final as (

    select
        week_start_date,
        cast({{ dbt.dateadd('day', 6, 'week_start_date') }} as date) as week_end_date,
        cast({{ dbt.dateadd('day', 6, 'week_start_date') }} as date) < as_of_date as is_complete
    from weeks
    where week_start_date <= as_of_date

)

select * from final
