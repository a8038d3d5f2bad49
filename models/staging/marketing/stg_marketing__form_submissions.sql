with

base as (

    select * from {{ ref('base_marketing__form_submissions') }}

),

final as (

    select
        form_submission_id,
        submitted_at,
        email,
        email_domain,
        form_type,
        form_name,
        page_url,
        asset_name
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
