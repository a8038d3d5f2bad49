with

source as (

    {{ select_extract('linkedin_ads', 'campaign_history') }}

),

parsed as (

    select
        nullif(trim(id), '') as campaign_id,
        nullif(trim(name), '') as campaign_name,
        nullif(trim(campaign_group_id), '') as campaign_group_id,
        upper(nullif(trim(status), '')) as campaign_status,
        {{ parse_timestamp('last_modified_time') }} as last_modified_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(last_modified_time), '') as raw_last_modified_time,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- the extract is versioned: one row per campaign and modification time,
    -- readable as '5001|2025-01-31 10:00:00'
    select
        *,
        {{ dbt.concat(['campaign_id', "'|'", 'cast(last_modified_at as ' ~ dbt.type_string() ~ ')']) }}
            as campaign_version_id,
        {{ dbt.concat([
            "coalesce(campaign_id, '')",
            "'|'",
            "coalesce(cast(last_modified_at as " ~ dbt.type_string() ~ "), raw_last_modified_time, '')",
        ]) }} as readable_key
    from parsed

),

ranked as (

    -- every version is kept: only the same campaign at the same modification time twice is a
    -- duplicate (the greatest content hash wins); deleted and live rows are ranked apart
    select
        *,
        row_number() over (
            partition by campaign_version_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from keyed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when campaign_id is null or raw_last_modified_time is null then 'null_key'
            when last_modified_at is null then 'invalid_timestamp:last_modified_time'
            when key_rank > 1 then 'duplicate_key'
            when campaign_name is null then 'null_value:name'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

kept as (

    select
        *,
        reject_reason is null and not is_deleted_row as is_kept
    from flagged

),

versioned as (

    -- the current version is the latest kept one: a rejected or deleted row never hides it
    select
        *,
        is_kept and row_number() over (
            partition by campaign_id, is_kept
            order by last_modified_at desc, _row_hash desc
        ) = 1 as is_current_version
    from kept

),

final as (

    select
        'linkedin_ads__campaign_history' as extract_name,
        readable_key as source_key,
        campaign_version_id,
        campaign_id,
        campaign_name,
        campaign_group_id,
        campaign_status,
        last_modified_at,
        is_current_version,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from versioned

)

select * from final
