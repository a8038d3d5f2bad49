{#- CRM tasks and events (sales activities: responses and meetings, not engagement), one row per
    activity, resolved to an account. First match wins:
      the activity's account_id (a kept account)          → activity_account
      what_id naming a kept account                       → what_account
      what_id naming an opportunity                       → what_opportunity (its account)
      who_id naming a contact or lead (its person)        → who_person (the person's account)
    Unmatched activities keep account_id null (account_resolution = 'unresolved'). -#}
with

tasks as (

    select * from {{ ref('stg_crm__tasks') }}

),

events as (

    select * from {{ ref('stg_crm__events') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

person_identifiers as (

    select * from {{ ref('int_person_identifiers_mapped') }}

),

people as (

    select * from {{ ref('int_people_resolved') }}

),

activities_unioned as (

    select
        task_id as activity_id,
        'task' as activity_kind,
        task_type as activity_type,
        subject,
        who_id,
        what_id,
        account_id,
        owner_id,
        cast(activity_date as {{ dbt.type_timestamp() }}) as activity_at,
        activity_date
    from tasks
    union all
    select
        event_id as activity_id,
        'event' as activity_kind,
        event_type as activity_type,
        subject,
        who_id,
        what_id,
        account_id,
        owner_id,
        start_at as activity_at,
        cast(start_at as date) as activity_date
    from events

),

who_people as (

    select
        identifier,
        person_id
    from person_identifiers
    where identifier_type in ('contact_id', 'lead_id')

),

activities_matched as (

    select
        activities_unioned.*,
        activity_account.account_id as activity_account_id,
        what_account.account_id as what_account_id,
        what_opportunity_account.account_id as what_opportunity_account_id,
        who_people.person_id,
        people.account_id as who_person_account_id
    from activities_unioned
    left join accounts as activity_account
        on activities_unioned.account_id = activity_account.account_id
    left join accounts as what_account
        on activities_unioned.what_id = what_account.account_id
    left join opportunities as what_opportunity
        on activities_unioned.what_id = what_opportunity.opportunity_id
    left join accounts as what_opportunity_account
        on what_opportunity.account_id = what_opportunity_account.account_id
    left join who_people
        on activities_unioned.who_id = who_people.identifier
    left join people
        on who_people.person_id = people.person_id

),

final as (

    select
        activity_id,
        activity_kind,
        activity_type,
        subject,
        owner_id,
        who_id,
        what_id,
        person_id,
        coalesce(
            activity_account_id,
            what_account_id,
            what_opportunity_account_id,
            who_person_account_id
        ) as account_id,
        case
            when activity_account_id is not null then 'activity_account'
            when what_account_id is not null then 'what_account'
            when what_opportunity_account_id is not null then 'what_opportunity'
            when who_person_account_id is not null then 'who_person'
            else 'unresolved'
        end as account_resolution,
        activity_at,
        activity_date
    from activities_matched

)

select * from final
