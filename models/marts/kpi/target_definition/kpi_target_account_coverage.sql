{#- Target account coverage, weekly (docs/kpi_catalogue.md, phase 1). For each calendar week:
      icp_fit_accounts           = ICP-fit accounts in the week's population (on the list that
                                   week, or not on it and created by then);
      icp_fit_target_accounts    = those of them on the target list that week;
      coverage_rate              = icp_fit_target_accounts / icp_fit_accounts;
      target_accounts            = accounts on the target list that week (any ICP fit);
      target_list_precision_rate = icp_fit_target_accounts / target_accounts.
    "On the list that week" = on the list on the week's last day, or on as_of_date for the
    current week (fct_account_population_weeks). -#}
with

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

account_weeks as (

    select * from {{ ref('fct_account_population_weeks') }}

),

weekly_counts as (

    select
        week_start_date,
        sum(case when is_icp_fit then 1 else 0 end) as icp_fit_accounts,
        sum(case when is_icp_fit and is_target then 1 else 0 end) as icp_fit_target_accounts,
        sum(case when is_target then 1 else 0 end) as target_accounts
    from account_weeks
    group by week_start_date

),

final as (

    select
        calendar_weeks.week_start_date,
        calendar_weeks.is_complete,
        cast(coalesce(weekly_counts.icp_fit_accounts, 0) as bigint) as icp_fit_accounts,
        cast(coalesce(weekly_counts.icp_fit_target_accounts, 0) as bigint) as icp_fit_target_accounts,
        cast(weekly_counts.icp_fit_target_accounts as {{ type_double() }})
        / nullif(weekly_counts.icp_fit_accounts, 0) as coverage_rate,
        cast(coalesce(weekly_counts.target_accounts, 0) as bigint) as target_accounts,
        cast(weekly_counts.icp_fit_target_accounts as {{ type_double() }})
        / nullif(weekly_counts.target_accounts, 0) as target_list_precision_rate
    from calendar_weeks
    left join weekly_counts
        on calendar_weeks.week_start_date = weekly_counts.week_start_date

)

select * from final
