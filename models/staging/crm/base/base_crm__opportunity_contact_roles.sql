with

source as (

    {{ select_extract('crm', 'opportunity_contact_role') }}

),

parsed as (

    select
        nullif(trim(id), '') as opportunity_contact_role_id,
        nullif(trim(opportunity_id), '') as opportunity_id,
        nullif(trim(contact_id), '') as contact_id,
        nullif(trim(role), '') as contact_role,
        {{ parse_boolean('is_primary') }} as is_primary,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(is_primary), '') as raw_is_primary,
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
            partition by opportunity_contact_role_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when opportunity_contact_role_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when opportunity_id is null then 'null_value:opportunity_id'
            when contact_id is null then 'null_value:contact_id'
            when raw_is_primary is not null and is_primary is null then 'unknown_code:is_primary'
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
        'crm__opportunity_contact_role' as extract_name,
        opportunity_contact_role_id as source_key,
        opportunity_contact_role_id,
        opportunity_id,
        contact_id,
        contact_role,
        -- Salesforce's default: a role is not the primary one unless flagged
        coalesce(is_primary, false) as is_primary,
        created_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
