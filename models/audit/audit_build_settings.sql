{#- One row: the settings the warehouse was built with, for readers who must state them beside
    the numbers (the KPI report's foot): the as-of date of every KPI, the range of event dates
    found in the extracts and the reporting currency every amount is converted to. -#}
with

as_of_dates as (

    select * from {{ ref('int_as_of_date') }}

),

final as (

    select
        as_of_date,
        first_event_date,
        latest_event_date,
        cast('{{ var("reporting_currency") }}' as {{ dbt.type_string() }}) as reporting_currency
    from as_of_dates

)

select * from final
