{#- The touches that can be credited with an opportunity (docs/kpi_catalogue.md, "Marketing
    attribution"): touches (int_engagement_touches_filtered) at the opportunity's account in the 90 days
    before its creation (touched_at >= created_at - 90 days and < created_at). Two kinds count:
    - person-level touches of the account's contacts: a touch carrying a person whose
      person_type is 'contact' (int_people_resolved; a converted lead merged into its contact
      is that contact, from its first touch on) and who resolves to the opportunity's account;
    - account-level ad touches: LinkedIn member-company impressions and clicks.
    Touches of leads that were never converted into a contact are not credited (var
    attribution_include_lead_touches, default false, credits them too); anonymous account-level
    web visits and intent surges never are. Channel = the touch's channel (engagement-weights
    seed). One row per opportunity × touch, ordered by touched_at then touch_id: touch_position
    1 is the first touch, touch_count the number of touches. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

touches as (

    select * from {{ ref('int_engagement_touches_filtered') }}

),

people as (

    select * from {{ ref('int_people_resolved') }}

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
    left join people
        on touches.person_id = people.person_id
    where touches.source = 'linkedin'
        or people.person_type = 'contact'
        or (
            people.person_type = 'lead'
            and {{ 'true' if var('attribution_include_lead_touches', false) else 'false' }}
        )

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
