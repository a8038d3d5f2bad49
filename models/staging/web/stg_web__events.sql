with

base as (

    select * from {{ ref('base_web__events') }}

),

final as (

    select
        web_event_id,
        event_at,
        session_id,
        anonymous_id,
        page_url,
        page_path,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        company_domain,
        resolution_source,
        is_isp,
        is_bot,
        contact_email
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
