{#- The funnel-people fact (docs/kpi_catalogue.md, "MQL" and "SQL"): one row per person (contact or
    lead, a converted lead counted once with its contact) who reached MQL or SQL on or before
    as_of_date, with the dates and the account's segment on each date (tier of the target-list
    stay covering it, else non_target), from int_funnel_people_segmented. People not resolved to
    an account keep a null account and null segments. -#}
with

funnel_people as (

    select * from {{ ref('int_funnel_people_segmented') }}

),

final as (

    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(person_type as {{ dbt.type_string() }}) as person_type,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(mql_date as date) as mql_date,
        cast(mql_segment as {{ dbt.type_string() }}) as mql_segment,
        cast(sql_date as date) as sql_date,
        cast(sql_segment as {{ dbt.type_string() }}) as sql_segment
    from funnel_people

)

select * from final
