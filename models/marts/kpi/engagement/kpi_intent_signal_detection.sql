{#- Intent signal detection, weekly by target tier (docs/kpi_catalogue.md, phase 2; target tiers only). For
    each calendar week and tier, over the accounts on the target list that week
    (fct_account_population_weeks):
      target_accounts;
      accounts_with_intent = those with any intent row resolved to them (company domain →
                             account) whose signal_date falls in the week, whatever its score;
      surging_accounts     = those with an intent row of score >= surge_threshold (var,
                             default 60) in the week;
      detection_rate       = surging_accounts / target_accounts;
      actioned_accounts    = surging accounts with a sales task or event at the account
                             (fct_sales_activities) dated from a surge's signal_date to
                             7 days after it (inclusive), and not after as_of_date;
      actioned_rate        = actioned_accounts / surging_accounts.
    Intent rows dated after as_of_date are ignored. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

segment_weeks_spine as (

    select * from {{ ref('int_calendar_segment_weeks') }}
    where is_target_segment

),

target_weeks as (

    select * from {{ ref('fct_account_population_weeks') }}
    where is_target

),

intent_signals as (

    select * from {{ ref('fct_intent_signals') }}

),

sales_activities as (

    select * from {{ ref('fct_sales_activities') }}

),

intent_rows as (

    select
        account_id,
        week_start_date,
        signal_date,
        intent_score
    from intent_signals
    where signal_date <= (select as_of_date from as_of)

),

surges_actioned as (

    select
        intent_rows.account_id,
        intent_rows.week_start_date,
        intent_rows.signal_date,
        max(case when sales_activities.activity_id is not null then 1 else 0 end) as is_actioned
    from intent_rows
    left join sales_activities
        on intent_rows.account_id = sales_activities.account_id
            and intent_rows.signal_date <= sales_activities.activity_date
            and sales_activities.activity_date <= {{ dbt.dateadd('day', 7, 'intent_rows.signal_date') }}
            and sales_activities.activity_date <= (select as_of_date from as_of)
    where intent_rows.intent_score >= {{ var('surge_threshold') }}
    group by intent_rows.account_id, intent_rows.week_start_date, intent_rows.signal_date

),

account_weeks as (

    select
        target_weeks.account_id,
        target_weeks.week_start_date,
        target_weeks.segment,
        max(case when intent_rows.account_id is not null then 1 else 0 end) as has_intent
    from target_weeks
    left join intent_rows
        on target_weeks.account_id = intent_rows.account_id
            and target_weeks.week_start_date = intent_rows.week_start_date
    group by target_weeks.account_id, target_weeks.week_start_date, target_weeks.segment

),

account_week_surges as (

    select
        account_id,
        week_start_date,
        max(is_actioned) as is_actioned
    from surges_actioned
    group by account_id, week_start_date

),

segment_weeks as (

    select
        account_weeks.week_start_date,
        account_weeks.segment,
        count(*) as target_accounts,
        sum(account_weeks.has_intent) as accounts_with_intent,
        sum(case when account_week_surges.account_id is not null then 1 else 0 end) as surging_accounts,
        sum(coalesce(account_week_surges.is_actioned, 0)) as actioned_accounts
    from account_weeks
    left join account_week_surges
        on account_weeks.account_id = account_week_surges.account_id
            and account_weeks.week_start_date = account_week_surges.week_start_date
    group by account_weeks.week_start_date, account_weeks.segment

),

final as (

    select
        segment_weeks_spine.week_start_date,
        segment_weeks_spine.is_complete,
        cast(segment_weeks_spine.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(segment_weeks.target_accounts, 0) as bigint) as target_accounts,
        cast(coalesce(segment_weeks.accounts_with_intent, 0) as bigint) as accounts_with_intent,
        cast(coalesce(segment_weeks.surging_accounts, 0) as bigint) as surging_accounts,
        cast(segment_weeks.surging_accounts as {{ type_double() }})
        / nullif(segment_weeks.target_accounts, 0) as detection_rate,
        cast(coalesce(segment_weeks.actioned_accounts, 0) as bigint) as actioned_accounts,
        cast(segment_weeks.actioned_accounts as {{ type_double() }})
        / nullif(segment_weeks.surging_accounts, 0) as actioned_rate
    from segment_weeks_spine
    left join segment_weeks
        on segment_weeks_spine.week_start_date = segment_weeks.week_start_date
            and segment_weeks_spine.segment = segment_weeks.segment

)

select * from final
