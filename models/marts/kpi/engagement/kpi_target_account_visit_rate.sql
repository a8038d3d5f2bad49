{#- Target account visit rate, weekly by segment (docs/kpi_catalogue.md, phase 2). Population per week and
    segment: fct_account_population_weeks (target tiers: on the list that week; non_target: the
    ICP-fit accounts not on it). Page views are the web touches of fct_touches (not bot,
    not ISP, resolved to an account) whose touch week is that week. One row per calendar week
    and segment (all four segments every week):
      accounts; visiting_accounts (>= 1 page view that week); visit_rate = visiting / accounts;
      page_views (the population's page views that week).
    The lift of a tier over non_target is a ratio of two visit rates, left to the semantic layer. -#}
with

segment_weeks_spine as (

    select * from {{ ref('int_calendar_segment_weeks') }}

),

account_weeks as (

    select * from {{ ref('fct_account_population_weeks') }}

),

touches as (

    select * from {{ ref('fct_touches') }}

),

account_week_page_views as (

    select
        account_id,
        week_start_date,
        count(*) as page_views
    from touches
    where activity_type = 'web_page_view'
    group by account_id, week_start_date

),

segment_weeks as (

    select
        account_weeks.week_start_date,
        account_weeks.segment,
        count(*) as accounts,
        sum(case when account_week_page_views.page_views > 0 then 1 else 0 end) as visiting_accounts,
        sum(coalesce(account_week_page_views.page_views, 0)) as page_views
    from account_weeks
    left join account_week_page_views
        on account_weeks.account_id = account_week_page_views.account_id
            and account_weeks.week_start_date = account_week_page_views.week_start_date
    group by account_weeks.week_start_date, account_weeks.segment

),

final as (

    select
        segment_weeks_spine.week_start_date,
        segment_weeks_spine.is_complete,
        cast(segment_weeks_spine.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(segment_weeks.accounts, 0) as bigint) as accounts,
        cast(coalesce(segment_weeks.visiting_accounts, 0) as bigint) as visiting_accounts,
        cast(segment_weeks.visiting_accounts as {{ type_double() }})
        / nullif(segment_weeks.accounts, 0) as visit_rate,
        cast(coalesce(segment_weeks.page_views, 0) as bigint) as page_views
    from segment_weeks_spine
    left join segment_weeks
        on segment_weeks_spine.week_start_date = segment_weeks.week_start_date
            and segment_weeks_spine.segment = segment_weeks.segment

)

select * from final
