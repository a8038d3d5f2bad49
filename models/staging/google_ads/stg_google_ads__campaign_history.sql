with

base as (

    select * from {{ ref('base_google_ads__campaign_history') }}

),

final as (

    select
        campaign_version_id,
        campaign_id,
        customer_id,
        campaign_name,
        campaign_status,
        updated_at,
        is_current_version
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
