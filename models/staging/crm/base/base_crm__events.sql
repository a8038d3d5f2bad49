with

source as (

    {{ select_extract('crm', 'event') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(id), '') as event_id,
        nullif(trim(who_id), '') as who_id,
        nullif(trim(what_id), '') as what_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(owner_id), '') as owner_id,
        nullif(trim(type), '') as event_type,
        nullif(trim(subject), '') as subject,
        {{ parse_timestamp('start_date_time') }} as start_at,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(created_date), '') as raw_created_date,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by event_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when event_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when start_at is null then 'invalid_timestamp:start_date_time'
            when {{ is_after_event_horizon('start_at') }} then 'future_date:start_date_time'
            when raw_created_date is not null and created_at is null
                then 'invalid_timestamp:created_date'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__event' as extract_name,
        event_id as source_key,
        event_id,
        who_id,
        what_id,
        account_id,
        owner_id,
        event_type,
        subject,
        start_at,
        created_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
