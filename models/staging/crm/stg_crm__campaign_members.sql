with

base as (

    select * from {{ ref('base_crm__campaign_members') }}

),

final as (

    select
        campaign_member_id,
        campaign_id,
        contact_id,
        lead_id,
        member_status,
        has_responded,
        first_responded_date,
        created_at,
        created_date
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
