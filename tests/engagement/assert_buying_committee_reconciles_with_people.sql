-- kpi_buying_committee_coverage: per week and tier, known_contacts and known_decision_makers
-- equal the CRM contacts (int_people_resolved) at the tier's target accounts that week, known
-- by the week's snapshot day. Returns the week-tiers that disagree.
with

mart as (

    select * from {{ ref('kpi_buying_committee_coverage') }}

),

expected as (

    select
        target_weeks.week_start_date,
        target_weeks.segment,
        count(people.person_id) as known_contacts,
        sum(case when people.is_decision_maker then 1 else 0 end) as known_decision_makers
    from {{ ref('int_target_account_weeks') }} as target_weeks
    inner join {{ ref('int_people_resolved') }} as people
        on target_weeks.account_id = people.account_id
        and people.first_known_date <= target_weeks.snapshot_date
        and people.person_type = 'contact'
    group by target_weeks.week_start_date, target_weeks.segment

)

select
    mart.week_start_date,
    mart.segment,
    mart.known_contacts,
    expected.known_contacts as expected_known_contacts
from mart
left join expected
    on mart.week_start_date = expected.week_start_date
    and mart.segment = expected.segment
where mart.known_contacts <> coalesce(expected.known_contacts, 0)
    or mart.known_decision_makers <> coalesce(expected.known_decision_makers, 0)
