with

base as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
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
        created_date,
        last_modified_at
    {{ pass_through_selected('crm_account_pass_through_columns') }}
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
