{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'lookback', 'date_column': 'event_at', 'key_column': 'email_event_id'}},
    )
}}

with

source as (

    {{ select_extract('marketing', 'email_event') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(id), '') as email_event_id,
        lower(nullif(trim(type), '')) as event_type,
        {{ parse_timestamp('created_at') }} as event_at,
        {{ normalize_email('recipient') }} as recipient_email,
        {{ email_domain('recipient') }} as recipient_domain,
        nullif(trim(email_campaign_id), '') as email_campaign_id,
        {{ parse_boolean('is_machine_open') }} as is_machine_open,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(is_machine_open), '') as raw_is_machine_open,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

in_lookback_window as (

    -- an incremental run parses the lookback window only (macros/incremental/lookback_window.sql)
    {{ abm_lookback_rows('parsed', 'event_at', 'email_event_id') }}

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by email_event_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from in_lookback_window

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when email_event_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when event_type is null
                or event_type not in ('sent', 'delivered', 'open', 'click', 'bounce', 'unsubscribe')
                then 'unknown_code:type'
            when event_at is null then 'invalid_timestamp:created_at'
            when {{ is_after_event_horizon('event_at') }} then 'future_date:created_at'
            -- the recipient is who the event happened to: without a valid address the row has
            -- no identity, so it is rejected rather than kept with a null email
            when recipient_email is null then 'invalid_email'
            when raw_is_machine_open is not null and is_machine_open is null
                then 'unknown_code:is_machine_open'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'marketing__email_event' as extract_name,
        email_event_id as source_key,
        email_event_id,
        event_type,
        event_at,
        recipient_email,
        recipient_domain,
        email_campaign_id,
        is_machine_open,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
