with

base as (

    select * from {{ ref('base_linkedin_ads__member_company_stats') }}

),

final as (

    select
        member_company_stat_id,
        campaign_id,
        month_start_date,
        organization_urn,
        impressions,
        clicks
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
