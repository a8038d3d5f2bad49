{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'event_at', 'upstream': ['base_web__events']}},
    )
}}

{#- an incremental run rebuilds the rows dated on or after the earliest base row it changed
    (macros/incremental/lookback_window.sql) -#}
{%- set affected_from = abm_affected_from() %}

with

base as (

    select * from {{ ref('base_web__events') }}

),

final as (

    select
        web_event_id,
        event_at,
        session_id,
        anonymous_id,
        page_url,
        page_path,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        company_domain,
        resolution_source,
        is_isp,
        is_bot,
        contact_email
    from base
    where reject_reason is null
        and not is_deleted_row
        and {{ abm_in_affected_window('event_at', affected_from) }}

)

select * from final
