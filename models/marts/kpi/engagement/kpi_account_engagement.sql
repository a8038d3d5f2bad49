{#- Account engagement, weekly by segment (docs/kpi_catalogue.md, phase 2). Population per week and segment:
    fct_account_population_weeks (target tiers: the accounts on the list that week; non_target:
    the ICP-fit accounts not on it). Scores come from fct_account_engagement_weeks; a population
    account without a row there had no touch in the 13 weeks and scores 0. One row per calendar
    week and segment (all four segments every week):
      accounts; engaged_accounts (score > 0); engaged_account_rate = engaged / accounts;
      total_engagement_score (Σ scores); avg_engagement_score = total / accounts;
      hot_accounts (score >= hot_account_threshold); hot_account_rate = hot / accounts;
      new_hot_accounts (hot this week and not hot the week before: became_hot). -#}
with

segment_weeks_spine as (

    select * from {{ ref('int_calendar_segment_weeks') }}

),

account_weeks as (

    select * from {{ ref('fct_account_population_weeks') }}

),

engagement_weeks as (

    select * from {{ ref('fct_account_engagement_weeks') }}

),

population_scored as (

    select
        account_weeks.week_start_date,
        account_weeks.segment,
        account_weeks.account_id,
        coalesce(engagement_weeks.engagement_score, 0) as engagement_score,
        coalesce(engagement_weeks.is_hot, false) as is_hot,
        coalesce(engagement_weeks.became_hot, false) as became_hot
    from account_weeks
    left join engagement_weeks
        on account_weeks.account_id = engagement_weeks.account_id
            and account_weeks.week_start_date = engagement_weeks.week_start_date

),

segment_weeks as (

    select
        week_start_date,
        segment,
        count(*) as accounts,
        sum(case when engagement_score > 0 then 1 else 0 end) as engaged_accounts,
        {{ exact_sum('engagement_score') }} as total_engagement_score,
        sum(case when is_hot then 1 else 0 end) as hot_accounts,
        sum(case when became_hot then 1 else 0 end) as new_hot_accounts
    from population_scored
    group by week_start_date, segment

),

final as (

    select
        segment_weeks_spine.week_start_date,
        segment_weeks_spine.is_complete,
        cast(segment_weeks_spine.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(segment_weeks.accounts, 0) as bigint) as accounts,
        cast(coalesce(segment_weeks.engaged_accounts, 0) as bigint) as engaged_accounts,
        cast(segment_weeks.engaged_accounts as {{ type_double() }})
        / nullif(segment_weeks.accounts, 0) as engaged_account_rate,
        cast(coalesce(segment_weeks.total_engagement_score, 0) as {{ type_double() }}) as total_engagement_score,
        cast(segment_weeks.total_engagement_score as {{ type_double() }})
        / nullif(segment_weeks.accounts, 0) as avg_engagement_score,
        cast(coalesce(segment_weeks.hot_accounts, 0) as bigint) as hot_accounts,
        cast(segment_weeks.hot_accounts as {{ type_double() }})
        / nullif(segment_weeks.accounts, 0) as hot_account_rate,
        cast(coalesce(segment_weeks.new_hot_accounts, 0) as bigint) as new_hot_accounts
    from segment_weeks_spine
    left join segment_weeks
        on segment_weeks_spine.week_start_date = segment_weeks.week_start_date
            and segment_weeks_spine.segment = segment_weeks.segment

)

select * from final
