{#- Buying committee coverage, weekly by target tier (docs/kpi_catalogue.md, phase 2; target tiers only). For each
    calendar week and tier, over the accounts on the target list that week
    (fct_account_population_weeks):
      target_accounts;
      known_contacts          = CRM contacts (dim_people, person_type 'contact'; leads
                                are not counted) resolved to those accounts and known by the
                                week's snapshot day (first_known_date <= snapshot_date);
      known_decision_makers   = those whose buying role is Decision Maker or Economic Buyer;
      engaged_contacts        = known contacts with a person-level touch (fct_touches
                                carrying their person_id) in the 13 weeks ending that week
                                (touch week from week_start_date − 12 weeks to week_start_date);
      engaged_decision_makers = engaged contacts who are decision makers;
      engaged_contact_rate    = engaged_contacts / known_contacts;
      engaged_decision_maker_rate = engaged_decision_makers / known_decision_makers;
      multithreaded_accounts  = target accounts with >= 3 engaged contacts;
      multithreaded_account_rate = multithreaded_accounts / target_accounts. -#}
with

segment_weeks_spine as (

    select * from {{ ref('int_calendar_segment_weeks') }}
    where is_target_segment

),

target_weeks as (

    select * from {{ ref('fct_account_population_weeks') }}
    where is_target

),

people as (

    select * from {{ ref('dim_people') }}

),

touches as (

    select * from {{ ref('fct_touches') }}

),

person_touch_weeks as (

    select distinct
        person_id,
        week_start_date
    from touches
    where person_id is not null

),

known_contacts as (

    select
        target_weeks.account_id,
        target_weeks.week_start_date,
        target_weeks.segment,
        people.person_id,
        people.is_decision_maker
    from target_weeks
    inner join people
        on target_weeks.account_id = people.account_id
            and target_weeks.snapshot_date >= people.first_known_date
    where people.person_type = 'contact'

),

contacts_engaged as (

    select
        known_contacts.account_id,
        known_contacts.week_start_date,
        known_contacts.segment,
        known_contacts.person_id,
        known_contacts.is_decision_maker,
        max(case when person_touch_weeks.person_id is not null then 1 else 0 end) as is_engaged
    from known_contacts
    left join person_touch_weeks
        on known_contacts.person_id = person_touch_weeks.person_id
            and known_contacts.week_start_date >= person_touch_weeks.week_start_date
            and person_touch_weeks.week_start_date >= {{ dbt.dateadd('day', -84, 'known_contacts.week_start_date') }}
    group by
        known_contacts.account_id,
        known_contacts.week_start_date,
        known_contacts.segment,
        known_contacts.person_id,
        known_contacts.is_decision_maker

),

account_weeks as (

    select
        target_weeks.account_id,
        target_weeks.week_start_date,
        target_weeks.segment,
        count(contacts_engaged.person_id) as known_contacts,
        sum(case when contacts_engaged.is_decision_maker then 1 else 0 end) as known_decision_makers,
        sum(coalesce(contacts_engaged.is_engaged, 0)) as engaged_contacts,
        sum(
            case when contacts_engaged.is_decision_maker then contacts_engaged.is_engaged else 0 end
        ) as engaged_decision_makers
    from target_weeks
    left join contacts_engaged
        on target_weeks.account_id = contacts_engaged.account_id
            and target_weeks.week_start_date = contacts_engaged.week_start_date
    group by target_weeks.account_id, target_weeks.week_start_date, target_weeks.segment

),

segment_weeks as (

    select
        week_start_date,
        segment,
        count(*) as target_accounts,
        sum(known_contacts) as known_contacts,
        sum(known_decision_makers) as known_decision_makers,
        sum(engaged_contacts) as engaged_contacts,
        sum(engaged_decision_makers) as engaged_decision_makers,
        sum(case when engaged_contacts >= 3 then 1 else 0 end) as multithreaded_accounts
    from account_weeks
    group by week_start_date, segment

),

final as (

    select
        segment_weeks_spine.week_start_date,
        segment_weeks_spine.is_complete,
        cast(segment_weeks_spine.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(segment_weeks.target_accounts, 0) as bigint) as target_accounts,
        cast(coalesce(segment_weeks.known_contacts, 0) as bigint) as known_contacts,
        cast(coalesce(segment_weeks.known_decision_makers, 0) as bigint) as known_decision_makers,
        cast(coalesce(segment_weeks.engaged_contacts, 0) as bigint) as engaged_contacts,
        cast(segment_weeks.engaged_contacts as {{ type_double() }})
        / nullif(segment_weeks.known_contacts, 0) as engaged_contact_rate,
        cast(coalesce(segment_weeks.engaged_decision_makers, 0) as bigint) as engaged_decision_makers,
        cast(segment_weeks.engaged_decision_makers as {{ type_double() }})
        / nullif(segment_weeks.known_decision_makers, 0) as engaged_decision_maker_rate,
        cast(coalesce(segment_weeks.multithreaded_accounts, 0) as bigint) as multithreaded_accounts,
        cast(segment_weeks.multithreaded_accounts as {{ type_double() }})
        / nullif(segment_weeks.target_accounts, 0) as multithreaded_account_rate
    from segment_weeks_spine
    left join segment_weeks
        on segment_weeks_spine.week_start_date = segment_weeks.week_start_date
            and segment_weeks_spine.segment = segment_weeks.segment

)

select * from final
