{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'event_at', 'upstream': ['base_marketing__email_events']}},
    )
}}

{#- an incremental run rebuilds the rows dated on or after the earliest base row it changed
    (macros/incremental/lookback_window.sql) -#}
{%- set affected_from = abm_affected_from() %}

with

base as (

    select * from {{ ref('base_marketing__email_events') }}

),

final as (

    select
        email_event_id,
        event_type,
        event_at,
        recipient_email,
        recipient_domain,
        email_campaign_id,
        is_machine_open
    from base
    where reject_reason is null
        and not is_deleted_row
        and {{ abm_in_affected_window('event_at', affected_from) }}

)

select * from final
