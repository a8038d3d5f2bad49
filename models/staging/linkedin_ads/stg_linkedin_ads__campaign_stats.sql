with

base as (

    select * from {{ ref('base_linkedin_ads__campaign_stats') }}

),

final as (

    select
        campaign_stat_id,
        campaign_id,
        stat_date,
        impressions,
        clicks,
        cost_local,
        cost_usd,
        currency_code
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
