with

base as (

    select * from {{ ref('base_crm__leads') }}

),

final as (

    select
        lead_id,
        email,
        email_domain,
        company_name,
        website_domain,
        title,
        lead_status,
        lead_source,
        is_converted,
        converted_date,
        converted_account_id,
        converted_contact_id,
        converted_opportunity_id,
        mql_date,
        sql_date,
        created_at,
        created_date
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
