with

base as (

    select * from {{ ref('base_crm__opportunity_contact_roles') }}

),

final as (

    select
        opportunity_contact_role_id,
        opportunity_id,
        contact_id,
        contact_role,
        is_primary,
        created_at
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
