{#- The touch fact (docs/kpi_catalogue.md, "Touches"): one row per engagement touch resolved to an
    account, weighted by the engagement_weights seed, from int_engagement_touches_filtered. Account-level by
    account_id, person-level where the touch is known to come from a person (person_id, null
    for company-level touches such as resolved page views or LinkedIn member-company stats).
    channel and points come from the seed: points = occurrences × points_per_occurrence. Records
    that are excluded (bots, machine opens, ...) or not resolved to an account are not touches;
    they are counted in int_touch_sources_matched. -#}
with

touches as (

    select * from {{ ref('int_engagement_touches_filtered') }}

),

final as (

    select
        cast(touch_id as {{ dbt.type_string() }}) as touch_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(source as {{ dbt.type_string() }}) as source,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(touched_at as {{ dbt.type_timestamp() }}) as touched_at,
        cast(touch_date as date) as touch_date,
        cast(week_start_date as date) as week_start_date,
        cast(occurrences as bigint) as occurrences,
        cast(points_per_occurrence as {{ type_decimal(9, 4) }}) as points_per_occurrence,
        cast(points as {{ type_decimal(28, 4) }}) as points,
        cast(account_resolution as {{ dbt.type_string() }}) as account_resolution,
        cast(topic as {{ dbt.type_string() }}) as topic,
        cast(intent_score as integer) as intent_score,
        cast(page_path as {{ dbt.type_string() }}) as page_path
    from touches

)

select * from final
