{#- The weekly population of the segmented KPI marts (docs/kpi_catalogue.md, "Population"): one
    row per account and calendar week for
      - every account on the target list that week: population 'target', segment = its tier
        that week, whatever its ICP fit;
      - every ICP-fit account not on the list that week, from the week of its CRM creation on:
        population 'non_target_icp_fit', segment non_target.
    Accounts neither on the list nor ICP-fit are in no population. Mind the difference with the
    engagement fact, whose non_target segment holds every non-target account that was touched,
    ICP-fit or not. snapshot_date is the day the week's state is read on: its last day, or
    as_of_date for the week that contains it. -#}
with

account_weeks as (

    select * from {{ ref('int_account_weeks_segmented') }}

),

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

population_weeks as (

    select
        account_weeks.account_id,
        account_weeks.week_start_date,
        case
            when calendar_weeks.week_end_date > as_of.as_of_date then as_of.as_of_date
            else calendar_weeks.week_end_date
        end as snapshot_date,
        account_weeks.segment,
        account_weeks.tier,
        case when account_weeks.is_target then 'target' else 'non_target_icp_fit' end as population,
        account_weeks.is_target,
        account_weeks.is_icp_fit
    from account_weeks
    inner join calendar_weeks
        on account_weeks.week_start_date = calendar_weeks.week_start_date
    cross join as_of

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(week_start_date as date) as week_start_date,
        cast(snapshot_date as date) as snapshot_date,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(tier as bigint) as tier,
        cast(population as {{ dbt.type_string() }}) as population,
        is_target,
        is_icp_fit
    from population_weeks

)

select * from final
