{#- The target-list dimension: one row per stay of an account on the ABM target list (an account
    that leaves and returns has several), from the CRM target-account extract. An account is on
    the list on day d when a stay has added_date <= d and removed_date null or later than d
    (docs/kpi_catalogue.md, "On the target list on day d"); its tier is that stay's. -#}
with

target_stays as (

    select * from {{ ref('int_target_stays_flagged') }}

),

final as (

    select
        cast(target_stay_id as {{ dbt.type_string() }}) as target_stay_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(tier as bigint) as tier,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(added_date as date) as added_date,
        cast(removed_date as date) as removed_date,
        cast(program as {{ dbt.type_string() }}) as program,
        is_current_stay
    from target_stays

)

select * from final
