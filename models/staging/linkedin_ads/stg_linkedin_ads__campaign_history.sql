with

base as (

    select * from {{ ref('base_linkedin_ads__campaign_history') }}

),

final as (

    select
        campaign_version_id,
        campaign_id,
        campaign_name,
        campaign_group_id,
        campaign_status,
        last_modified_at,
        is_current_version
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
