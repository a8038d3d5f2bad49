with

source as (

    {{ select_extract('crm', 'contact') }}

),

parsed as (

    select
        nullif(trim(id), '') as contact_id,
        nullif(trim(account_id), '') as account_id,
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        -- a malformed email keeps the contact (the data-quality KPI counts it); no email → null
        case
            when nullif(trim(email), '') is not null
                then {{ normalize_email('email') }} is not null
        end as is_email_valid,
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(trim(title), '') as title,
        nullif(trim(department), '') as department,
        case lower(trim(buying_role))
            when 'decision maker' then 'Decision Maker'
            when 'economic buyer' then 'Economic Buyer'
            when 'influencer' then 'Influencer'
            when 'champion' then 'Champion'
            when 'user' then 'User'
            when 'other' then 'Other'
        end as buying_role,
        nullif(trim(lead_source), '') as lead_source,
        {{ parse_date('mql_date') }} as mql_date,
        {{ parse_date('sql_date') }} as sql_date,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_timestamp('last_modified_date') }} as last_modified_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(buying_role), '') as raw_buying_role,
        nullif(trim(mql_date), '') as raw_mql_date,
        nullif(trim(sql_date), '') as raw_sql_date,
        nullif(trim(last_modified_date), '') as raw_last_modified_date,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

ranked as (

    -- deleted and live rows are ranked apart: a deleted copy never makes a live row a duplicate
    select
        *,
        row_number() over (
            partition by contact_id, is_deleted_row
            order by last_modified_at desc nulls last, _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when contact_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when created_at is null then 'invalid_timestamp:created_date'
            when raw_last_modified_date is not null and last_modified_at is null
                then 'invalid_timestamp:last_modified_date'
            when raw_mql_date is not null and mql_date is null then 'invalid_date:mql_date'
            when raw_sql_date is not null and sql_date is null then 'invalid_date:sql_date'
            when raw_buying_role is not null and buying_role is null then 'unknown_code:buying_role'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__contact' as extract_name,
        contact_id as source_key,
        contact_id,
        account_id,
        email,
        email_domain,
        is_email_valid,
        first_name,
        last_name,
        title,
        department,
        buying_role,
        lead_source,
        mql_date,
        sql_date,
        created_at,
        cast(created_at as date) as created_date,
        last_modified_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
