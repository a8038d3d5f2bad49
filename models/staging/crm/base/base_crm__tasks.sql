with

source as (

    {{ select_extract('crm', 'task') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(id), '') as task_id,
        nullif(trim(who_id), '') as who_id,
        nullif(trim(what_id), '') as what_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(owner_id), '') as owner_id,
        case lower(trim(type))
            when 'call' then 'Call'
            when 'email' then 'Email'
            when 'linkedin' then 'LinkedIn'
            when 'other' then 'Other'
        end as task_type,
        nullif(trim(subject), '') as subject,
        {{ parse_date('activity_date') }} as activity_date,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(type), '') as raw_type,
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
            partition by task_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when task_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when activity_date is null then 'invalid_date:activity_date'
            when {{ is_after_event_horizon('activity_date') }} then 'future_date:activity_date'
            when raw_created_date is not null and created_at is null
                then 'invalid_timestamp:created_date'
            when raw_type is not null and task_type is null then 'unknown_code:type'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__task' as extract_name,
        task_id as source_key,
        task_id,
        who_id,
        what_id,
        account_id,
        owner_id,
        task_type,
        subject,
        activity_date,
        created_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
