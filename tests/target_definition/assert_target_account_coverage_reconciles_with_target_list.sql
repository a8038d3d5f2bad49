-- kpi_target_account_coverage: each week's target_accounts equals the accounts of the
-- point-in-time target list that week, and icp_fit_accounts equals the ICP-fit accounts of the
-- week's population. Returns the weeks that disagree.
with

mart as (

    select * from {{ ref('kpi_target_account_coverage') }}

),

target_weeks as (

    select
        week_start_date,
        count(*) as target_accounts
    from {{ ref('int_target_account_weeks') }}
    group by week_start_date

),

population as (

    select
        week_start_date,
        sum(case when is_icp_fit then 1 else 0 end) as icp_fit_accounts
    from {{ ref('int_account_weeks_segmented') }}
    group by week_start_date

)

select
    mart.week_start_date,
    mart.target_accounts,
    target_weeks.target_accounts as expected_target_accounts,
    mart.icp_fit_accounts,
    population.icp_fit_accounts as expected_icp_fit_accounts
from mart
left join target_weeks
    on mart.week_start_date = target_weeks.week_start_date
left join population
    on mart.week_start_date = population.week_start_date
where mart.target_accounts <> coalesce(target_weeks.target_accounts, 0)
    or mart.icp_fit_accounts <> coalesce(population.icp_fit_accounts, 0)
