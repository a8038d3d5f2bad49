{#- The weekly population of the KPI marts (docs/kpi_catalogue.md, shared definitions "Populations"): one row per
    account and calendar week for
      - every account on the target list that week (segment = its tier that week,
        int_target_account_weeks), whatever its ICP fit;
      - every ICP-fit account not on the list that week (segment = non_target), from the week
        of its CRM creation on (an account does not count before it exists in the CRM).
    Accounts neither on the list nor ICP-fit are outside every population. -#}
with

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

target_weeks as (

    select * from {{ ref('int_target_account_weeks') }}

),

accounts_icp as (

    select * from {{ ref('int_accounts_icp_scored') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

target_population as (

    select
        target_weeks.account_id,
        target_weeks.week_start_date,
        target_weeks.segment,
        target_weeks.tier,
        true as is_target,
        coalesce(accounts_icp.is_icp_fit, false) as is_icp_fit
    from target_weeks
    left join accounts_icp
        on target_weeks.account_id = accounts_icp.account_id

),

icp_fit_non_target_population as (

    select
        accounts.account_id,
        calendar_weeks.week_start_date,
        'non_target' as segment,
        cast(null as {{ dbt.type_int() }}) as tier,
        false as is_target,
        true as is_icp_fit
    from accounts
    inner join accounts_icp
        on accounts.account_id = accounts_icp.account_id
    inner join calendar_weeks
        on cast({{ dbt.date_trunc('week', 'accounts.created_date') }} as date) <= calendar_weeks.week_start_date
    left join target_weeks
        on accounts.account_id = target_weeks.account_id
            and calendar_weeks.week_start_date = target_weeks.week_start_date
    where accounts_icp.is_icp_fit
        and target_weeks.account_id is null

),

final as (

    select * from target_population
    union all
    select * from icp_fit_non_target_population

)

select * from final
