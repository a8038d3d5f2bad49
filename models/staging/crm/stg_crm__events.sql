with

base as (

    select * from {{ ref('base_crm__events') }}

),

final as (

    select
        event_id,
        who_id,
        what_id,
        account_id,
        owner_id,
        event_type,
        subject,
        start_at,
        created_at
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
