-- fct_account_engagement_weeks holds every account-week with a touch in the 13 weeks ending
-- that week and every target account-week, and no other: returns the account-weeks that are
-- missing from the fact or that the fact holds without reason.
with

fact as (

    select account_id, week_start_date from {{ ref('fct_account_engagement_weeks') }}

),

expected as (

    select distinct
        touches.account_id,
        calendar_weeks.week_start_date
    from {{ ref('int_engagement_touches_filtered') }} as touches
    inner join {{ ref('int_calendar_weeks') }} as calendar_weeks
        on calendar_weeks.week_start_date >= touches.week_start_date
        and calendar_weeks.week_start_date <= {{ dbt.dateadd('day', 84, 'touches.week_start_date') }}
    union
    select account_id, week_start_date from {{ ref('int_target_account_weeks') }}

),

missing as (

    select expected.account_id, expected.week_start_date, 'missing_from_fact' as problem
    from expected
    left join fact
        on expected.account_id = fact.account_id
        and expected.week_start_date = fact.week_start_date
    where fact.account_id is null

),

unexpected as (

    select fact.account_id, fact.week_start_date, 'not_expected_in_fact' as problem
    from fact
    left join expected
        on fact.account_id = expected.account_id
        and fact.week_start_date = expected.week_start_date
    where expected.account_id is null

)

select * from missing
union all
select * from unexpected
