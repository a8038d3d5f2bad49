with

base as (

    select * from {{ ref('base_crm__users') }}

),

final as (

    select
        user_id,
        user_name,
        user_role,
        is_active
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
