with

source as (

    {{ select_extract('crm', 'lead') }}

),

parsed as (

    select
        nullif(trim(id), '') as lead_id,
        -- a malformed email keeps the lead, with a null email
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        nullif(trim(company), '') as company_name,
        {{ normalize_domain('website') }} as website_domain,
        nullif(trim(title), '') as title,
        nullif(trim(status), '') as lead_status,
        nullif(trim(lead_source), '') as lead_source,
        {{ parse_boolean('is_converted') }} as is_converted_flag,
        {{ parse_date('converted_date') }} as converted_date,
        nullif(trim(converted_account_id), '') as converted_account_id,
        nullif(trim(converted_contact_id), '') as converted_contact_id,
        nullif(trim(converted_opportunity_id), '') as converted_opportunity_id,
        {{ parse_date('mql_date') }} as mql_date,
        {{ parse_date('sql_date') }} as sql_date,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(is_converted), '') as raw_is_converted,
        nullif(trim(converted_date), '') as raw_converted_date,
        nullif(trim(mql_date), '') as raw_mql_date,
        nullif(trim(sql_date), '') as raw_sql_date,
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
            partition by lead_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when lead_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when created_at is null then 'invalid_timestamp:created_date'
            when raw_is_converted is not null and is_converted_flag is null
                then 'unknown_code:is_converted'
            when raw_converted_date is not null and converted_date is null
                then 'invalid_date:converted_date'
            when raw_mql_date is not null and mql_date is null then 'invalid_date:mql_date'
            when raw_sql_date is not null and sql_date is null then 'invalid_date:sql_date'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__lead' as extract_name,
        lead_id as source_key,
        lead_id,
        email,
        email_domain,
        company_name,
        website_domain,
        title,
        lead_status,
        lead_source,
        -- when the flag is absent, a conversion date or converted record means converted
        coalesce(
            is_converted_flag,
            converted_date is not null
            or converted_account_id is not null
            or converted_contact_id is not null
            or converted_opportunity_id is not null
        ) as is_converted,
        converted_date,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,
        mql_date,
        sql_date,
        created_at,
        cast(created_at as date) as created_date,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
