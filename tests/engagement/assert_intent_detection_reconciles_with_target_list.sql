-- kpi_intent_signal_detection: per week and tier, target_accounts equals the point-in-time
-- target list, and surging_accounts equals the target accounts with an intent touch
-- (int_engagement_touches_filtered, source intent: score >= surge_threshold) that week. Returns the
-- week-tiers that disagree.
with

mart as (

    select * from {{ ref('kpi_intent_signal_detection') }}

),

surging as (

    select distinct
        account_id,
        week_start_date
    from {{ ref('int_engagement_touches_filtered') }}
    where source = 'intent'

),

expected as (

    select
        target_weeks.week_start_date,
        target_weeks.segment,
        count(*) as target_accounts,
        sum(case when surging.account_id is not null then 1 else 0 end) as surging_accounts
    from {{ ref('int_target_account_weeks') }} as target_weeks
    left join surging
        on target_weeks.account_id = surging.account_id
        and target_weeks.week_start_date = surging.week_start_date
    group by target_weeks.week_start_date, target_weeks.segment

)

select
    mart.week_start_date,
    mart.segment,
    mart.target_accounts,
    expected.target_accounts as expected_target_accounts,
    mart.surging_accounts,
    expected.surging_accounts as expected_surging_accounts
from mart
left join expected
    on mart.week_start_date = expected.week_start_date
    and mart.segment = expected.segment
where mart.target_accounts <> coalesce(expected.target_accounts, 0)
    or mart.surging_accounts <> coalesce(expected.surging_accounts, 0)
