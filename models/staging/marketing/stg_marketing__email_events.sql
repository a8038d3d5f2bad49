with

base as (

    select * from {{ ref('base_marketing__email_events') }}

),

final as (

    select
        email_event_id,
        event_type,
        event_at,
        recipient_email,
        recipient_domain,
        email_campaign_id,
        is_machine_open
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
