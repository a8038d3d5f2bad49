{#- The touches that can be credited with an opportunity: touches (int_touches_unioned) at the
    opportunity's account in the 90 days before its creation (touched_at >= created_at - 90 days
    and < created_at). Only person-level touches (a touch carrying a person of the account:
    web visits of known contacts, email opens and clicks, forms, campaign responses) and the
    account-level ad touches (LinkedIn member-company impressions and clicks) count; anonymous
    account-level web visits and intent surges are not credited. Channel = the touch's channel
    (engagement-weights seed). One row per opportunity × touch, ordered by touched_at then
    touch_id: touch_position 1 is the first touch, touch_count the number of touches. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

touches as (

    select * from {{ ref('int_touches_unioned') }}

),

touches_in_window as (

    select
        opportunities.opportunity_id,
        touches.touch_id,
        touches.touched_at as touch_at,
        touches.source,
        touches.activity_type,
        touches.channel,
        touches.person_id
    from opportunities
    inner join touches
        on opportunities.account_id = touches.account_id
            and opportunities.created_at > touches.touched_at
            and touches.touched_at >= {{ dbt.dateadd('day', -90, 'opportunities.created_at') }}
    where touches.person_id is not null
        or touches.source = 'linkedin'

),

final as (

    select
        opportunity_id,
        touch_id,
        touch_at,
        source,
        activity_type,
        channel,
        person_id,
        cast(
            row_number() over (partition by opportunity_id order by touch_at, touch_id)
            as integer
        ) as touch_position,
        cast(count(*) over (partition by opportunity_id) as integer) as touch_count
    from touches_in_window

)

select * from final
