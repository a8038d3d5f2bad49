with

source as (

    {{ select_extract('google_ads', 'campaign_history') }}

),

parsed as (

    select
        nullif(trim(id), '') as campaign_id,
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(name), '') as campaign_name,
        upper(nullif(trim(status), '')) as campaign_status,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(updated_at), '') as raw_updated_at,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- the extract is versioned: one row per campaign and update time,
    -- readable as '111|2025-01-31 10:00:00'
    select
        *,
        {{ dbt.concat(['campaign_id', "'|'", 'cast(updated_at as ' ~ dbt.type_string() ~ ')']) }}
            as campaign_version_id,
        {{ dbt.concat([
            "coalesce(campaign_id, '')",
            "'|'",
            "coalesce(cast(updated_at as " ~ dbt.type_string() ~ "), raw_updated_at, '')",
        ]) }} as readable_key
    from parsed

),

ranked as (

    -- every version is kept: only the same campaign at the same update time twice is a
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
            when campaign_id is null or raw_updated_at is null then 'null_key'
            when updated_at is null then 'invalid_timestamp:updated_at'
            when key_rank > 1 then 'duplicate_key'
            when customer_id is null then 'null_value:customer_id'
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
            order by updated_at desc, _row_hash desc
        ) = 1 as is_current_version
    from kept

),

final as (

    select
        'google_ads__campaign_history' as extract_name,
        readable_key as source_key,
        campaign_version_id,
        campaign_id,
        customer_id,
        campaign_name,
        campaign_status,
        updated_at,
        is_current_version,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from versioned

)

select * from final
