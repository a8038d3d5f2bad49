with

base as (

    select * from {{ ref('base_google_ads__campaign_stats') }}

),

final as (

    select
        campaign_stat_id,
        customer_id,
        campaign_id,
        stat_date,
        ad_network_type,
        device,
        impressions,
        clicks,
        cost_local
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
