{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'touched_at', 'upstream': ['int_touch_records_classified']}},
    )
}}

{#- The account-level stream of engagement touches: one row per touch, i.e. every record of
    int_touch_records_classified that is not excluded and is resolved to an account, weighted
    by the engagement-weights seed: channel = the seed's channel of the activity type, points =
    occurrences × the seed's points per occurrence. An activity type missing from the seed is
    not engagement (it is counted in int_touch_sources_matched as 'no_engagement_weight'). 
    Incremental like int_touch_records_classified (macros/incremental/lookback_window.sql). -#}
{%- set affected_from = abm_affected_from() %}
with

touch_records as (

    select * from {{ ref('int_touch_records_classified') }}

),

final as (

    select
        touch_id,
        account_id,
        person_id,
        source,
        channel,
        activity_type,
        touched_at,
        touch_date,
        week_start_date,
        occurrences,
        points_per_occurrence,
        points,
        account_resolution,
        topic,
        intent_score,
        page_path
    from touch_records
    where exclusion_reason is null
        and account_id is not null
        and {{ abm_in_affected_window('touched_at', affected_from) }}

)

select * from final
