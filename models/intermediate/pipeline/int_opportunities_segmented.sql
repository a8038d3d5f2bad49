{#- Every kept CRM opportunity with its segment, point in time: the tier of the target-list stay that
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

segment_at_creation as (

    {{ segment_on_date('opportunities', ['opportunity_id'], 'account_id', 'created_date') }}

),

final as (

    select
        opportunities.*,
        segment_at_creation.segment,
        segment_at_creation.segment <> 'non_target' as is_abm
    from opportunities
    inner join segment_at_creation
        on opportunities.opportunity_id = segment_at_creation.opportunity_id

)

select * from final
