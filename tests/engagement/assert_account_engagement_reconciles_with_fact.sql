-- kpi_account_engagement: per week and segment, hot_accounts, new_hot_accounts,
-- engaged_accounts and total_engagement_score equal the hot / became-hot / engaged
-- account-weeks and the summed scores of fct_account_engagement_weeks over the same population
-- (int_account_weeks_segmented). Returns the week-segments that disagree.
with

mart as (

    select * from {{ ref('kpi_account_engagement') }}

),

expected as (

    select
        population.week_start_date,
        population.segment,
        count(*) as accounts,
        sum(case when fact.is_hot then 1 else 0 end) as hot_accounts,
        sum(case when fact.became_hot then 1 else 0 end) as new_hot_accounts,
        sum(case when fact.is_engaged then 1 else 0 end) as engaged_accounts,
        sum(coalesce(fact.engagement_score, 0)) as total_engagement_score
    from {{ ref('int_account_weeks_segmented') }} as population
    left join {{ ref('fct_account_engagement_weeks') }} as fact
        on population.account_id = fact.account_id
        and population.week_start_date = fact.week_start_date
    group by population.week_start_date, population.segment

)

select
    mart.week_start_date,
    mart.segment,
    mart.hot_accounts,
    expected.hot_accounts as expected_hot_accounts,
    mart.new_hot_accounts,
    expected.new_hot_accounts as expected_new_hot_accounts
from mart
left join expected
    on mart.week_start_date = expected.week_start_date
    and mart.segment = expected.segment
where mart.accounts <> coalesce(expected.accounts, 0)
    or mart.hot_accounts <> coalesce(expected.hot_accounts, 0)
    or mart.new_hot_accounts <> coalesce(expected.new_hot_accounts, 0)
    or mart.engaged_accounts <> coalesce(expected.engaged_accounts, 0)
    or abs(mart.total_engagement_score - coalesce(expected.total_engagement_score, 0)) > 0.001
