with

source as (

    {{ select_extract('crm', 'user') }}

),

parsed as (

    select
        nullif(trim(id), '') as user_id,
        nullif(trim(name), '') as user_name,
        nullif(trim(role), '') as user_role,
        {{ parse_boolean('is_active') }} as is_active,
        -- the contract has no is_deleted for users: only a loader's deletion flag counts
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(is_active), '') as raw_is_active,
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
            partition by user_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when user_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when raw_is_active is not null and is_active is null then 'unknown_code:is_active'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__user' as extract_name,
        user_id as source_key,
        user_id,
        user_name,
        user_role,
        is_active,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
