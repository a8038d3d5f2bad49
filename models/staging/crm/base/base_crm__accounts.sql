with

source as (

    {{ select_extract('crm', 'account') }}

),

parsed as (

    select
        nullif(trim(id), '') as account_id,
        nullif(trim(name), '') as account_name,
        nullif(trim(website), '') as website,
        {{ normalize_domain('website') }} as website_domain,
        nullif(trim(industry), '') as industry,
        {{ parse_integer('number_of_employees') }} as number_of_employees,
        {{ parse_number('annual_revenue') }} as annual_revenue,
        upper(nullif(trim(billing_country), '')) as billing_country,
        nullif(trim(type), '') as account_type,
        nullif(trim(owner_id), '') as owner_id,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_timestamp('last_modified_date') }} as last_modified_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(number_of_employees), '') as raw_number_of_employees,
        nullif(trim(annual_revenue), '') as raw_annual_revenue,
        nullif(trim(last_modified_date), '') as raw_last_modified_date,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    {{ pass_through_parsed('crm_account_pass_through_columns') }}
    from source

),

ranked as (

    -- deleted and live rows are ranked apart: a deleted copy never makes a live row a duplicate
    select
        *,
        row_number() over (
            partition by account_id, is_deleted_row
            order by last_modified_at desc nulls last, _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when account_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when account_name is null then 'null_value:name'
            when created_at is null then 'invalid_timestamp:created_date'
            when raw_last_modified_date is not null and last_modified_at is null
                then 'invalid_timestamp:last_modified_date'
            when raw_number_of_employees is not null and number_of_employees is null
                then 'invalid_number:number_of_employees'
            when number_of_employees < 0 then 'negative_number:number_of_employees'
            when raw_annual_revenue is not null and annual_revenue is null
                then 'invalid_number:annual_revenue'
            when annual_revenue < 0 then 'negative_amount:annual_revenue'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__account' as extract_name,
        account_id as source_key,
        account_id,
        account_name,
        website,
        website_domain,
        industry,
        number_of_employees,
        annual_revenue,
        billing_country,
        account_type,
        owner_id,
        created_at,
        cast(created_at as date) as created_date,
        last_modified_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    {{ pass_through_selected('crm_account_pass_through_columns') }}
    from flagged

)

select * from final
