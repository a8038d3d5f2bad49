with

source as (

    {{ select_extract('crm', 'campaign_member') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(id), '') as campaign_member_id,
        nullif(trim(campaign_id), '') as campaign_id,
        nullif(trim(contact_id), '') as contact_id,
        nullif(trim(lead_id), '') as lead_id,
        nullif(trim(status), '') as member_status,
        {{ parse_boolean('has_responded') }} as has_responded,
        {{ parse_date('first_responded_date') }} as first_responded_date,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(has_responded), '') as raw_has_responded,
        nullif(trim(first_responded_date), '') as raw_first_responded_date,
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
            partition by campaign_member_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when campaign_member_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when campaign_id is null then 'null_value:campaign_id'
            when created_at is null then 'invalid_timestamp:created_date'
            when {{ is_after_event_horizon('created_at') }} then 'future_date:created_date'
            when raw_has_responded is not null and has_responded is null
                then 'unknown_code:has_responded'
            when raw_first_responded_date is not null and first_responded_date is null
                then 'invalid_date:first_responded_date'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__campaign_member' as extract_name,
        campaign_member_id as source_key,
        campaign_member_id,
        campaign_id,
        contact_id,
        lead_id,
        member_status,
        -- when the flag is absent, a first response date means the member responded
        coalesce(has_responded, first_responded_date is not null) as has_responded,
        first_responded_date,
        created_at,
        cast(created_at as date) as created_date,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
