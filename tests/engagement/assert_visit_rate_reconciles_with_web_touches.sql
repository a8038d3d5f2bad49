-- kpi_target_account_visit_rate: per week and segment, page_views and visiting_accounts equal
-- the web touches (int_engagement_touches_filtered, activity web_page_view) of the segment's population
-- that week. Returns the week-segments that disagree.
with

mart as (

    select * from {{ ref('kpi_target_account_visit_rate') }}

),

population_views as (

    select
        population.week_start_date,
        population.segment,
        population.account_id,
        count(touches.touch_id) as page_views
    from {{ ref('int_account_weeks_segmented') }} as population
    left join {{ ref('int_engagement_touches_filtered') }} as touches
        on population.account_id = touches.account_id
        and population.week_start_date = touches.week_start_date
        and touches.activity_type = 'web_page_view'
    group by population.week_start_date, population.segment, population.account_id

),

expected as (

    select
        week_start_date,
        segment,
        count(*) as accounts,
        sum(case when page_views > 0 then 1 else 0 end) as visiting_accounts,
        sum(page_views) as page_views
    from population_views
    group by week_start_date, segment

)

select
    mart.week_start_date,
    mart.segment,
    mart.page_views,
    expected.page_views as expected_page_views
from mart
left join expected
    on mart.week_start_date = expected.week_start_date
    and mart.segment = expected.segment
where mart.accounts <> coalesce(expected.accounts, 0)
    or mart.visiting_accounts <> coalesce(expected.visiting_accounts, 0)
    or mart.page_views <> coalesce(expected.page_views, 0)
