{#- The AI answer checks up to as_of_date, each with the calendar week of its check date
    (optional ai_search__answer_check extract: no rows when it is absent or switched off). A
    check dated after as_of_date is not counted anywhere. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

answer_checks as (

    select * from {{ ref('stg_ai_search__answer_checks') }}

),

final as (

    select
        answer_checks.*,
        cast({{ dbt.date_trunc('week', 'answer_checks.checked_date') }} as date) as week_start_date
    from answer_checks
    where answer_checks.checked_date <= (select as_of_date from as_of)

)

select * from final
