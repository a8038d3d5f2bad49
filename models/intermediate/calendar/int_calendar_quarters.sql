{#- Calendar quarters from the first event's quarter to the quarter that contains as_of_date. -#}
with

months as (

    select * from {{ ref('int_calendar_months') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

quarter_starts as (

    select distinct
        cast({{ dbt.date_trunc('quarter', 'month_start_date') }} as date) as quarter_start_date
    from months

),

final as (

    select
        quarter_starts.quarter_start_date,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_starts.quarter_start_date')) }} as date)
            as quarter_end_date,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_starts.quarter_start_date')) }} as date)
        < as_of.as_of_date as is_complete
    from quarter_starts
    cross join as_of

)

select * from final
