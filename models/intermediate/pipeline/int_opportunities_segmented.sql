{#- The segment of every opportunity, point in time: the tier of the target-list stay that
    covered the opportunity's account on its created_date, else non_target. A later addition to
    the list does not make an old deal ABM. Should two stays overlap on that day, the better
    tier (tier_1 before tier_2) wins. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

target_stays as (

    select * from {{ ref('stg_crm__target_accounts') }}

),

tier_at_creation as (

    select
        opportunities.opportunity_id,
        min(target_stays.segment) as target_segment
    from opportunities
    inner join target_stays
        on opportunities.account_id = target_stays.account_id
            and {{ is_on_target_list('target_stays', 'opportunities.created_date') }}
    group by opportunities.opportunity_id

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.created_date,
        coalesce(tier_at_creation.target_segment, 'non_target') as segment,
        tier_at_creation.target_segment is not null as is_abm
    from opportunities
    left join tier_at_creation
        on opportunities.opportunity_id = tier_at_creation.opportunity_id

)

select * from final
