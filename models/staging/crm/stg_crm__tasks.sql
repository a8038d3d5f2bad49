with

base as (

    select * from {{ ref('base_crm__tasks') }}

),

final as (

    select
        task_id,
        who_id,
        what_id,
        account_id,
        owner_id,
        task_type,
        subject,
        activity_date,
        created_at
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
