with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
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
        created_date,
        last_modified_at
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
