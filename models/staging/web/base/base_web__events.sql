{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'lookback', 'date_column': 'event_at', 'key_column': 'web_event_id'}},
    )
}}

with

source as (

    {{ select_extract('web', 'event') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(event_id), '') as web_event_id,
        {{ parse_timestamp('event_at') }} as event_at,
        nullif(trim(session_id), '') as session_id,
        nullif(trim(anonymous_id), '') as anonymous_id,
        nullif(trim(page_url), '') as page_url,
        nullif(trim(page_path), '') as page_path,
        nullif(trim(referrer), '') as referrer,
        nullif(trim(utm_source), '') as utm_source,
        nullif(trim(utm_medium), '') as utm_medium,
        nullif(trim(utm_campaign), '') as utm_campaign,
        -- enrichment, not identity: a domain or email that does not parse becomes null and the
        -- page view is kept (it is still a page view, only unresolved)
        {{ normalize_domain('resolved_company_domain') }} as company_domain,
        lower(nullif(trim(resolution_source), '')) as resolution_source,
        {{ parse_boolean('is_isp') }} as is_isp,
        {{ parse_boolean('is_bot') }} as is_bot,
        {{ normalize_email('known_contact_email') }} as contact_email,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(event_at), '') as raw_event_at,
        nullif(trim(is_isp), '') as raw_is_isp,
        nullif(trim(is_bot), '') as raw_is_bot,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

in_lookback_window as (

    -- an incremental run parses the lookback window only (macros/incremental/lookback_window.sql)
    {{ abm_lookback_rows('parsed', 'event_at', 'web_event_id') }}

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by web_event_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from in_lookback_window

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when web_event_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when event_at is null then 'invalid_timestamp:event_at'
            when {{ is_after_event_horizon('event_at') }} then 'future_date:event_at'
            when resolution_source is not null
                and resolution_source not in ('cookie', 'ip', 'registry')
                then 'unknown_code:resolution_source'
            when raw_is_isp is not null and is_isp is null then 'unknown_code:is_isp'
            when raw_is_bot is not null and is_bot is null then 'unknown_code:is_bot'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'web__event' as extract_name,
        web_event_id as source_key,
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
        contact_email,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
