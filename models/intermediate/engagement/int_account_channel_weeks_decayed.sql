{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'week_start_date', 'align': 'week', 'as_of_bound': true, 'upstream': ['int_engagement_touches_filtered']}},
    )
}}

{#- Each channel's decayed, capped engagement points by account and week (docs/kpi_catalogue.md, phase 2
    "account engagement"). For week W and channel c of an account:
      decayed_points = Σ over the 13 weeks T = W − 12 … W of
                       (points of the account's c-touches in week T) × 0.5 ^ (age / half_life),
                       age = whole weeks from T to W (0 for the same week),
                       half_life = var engagement_half_life_weeks (default 4);
      channel_points = min(channel cap from the engagement-weights seed, decayed_points).
    One row per account, week and channel that has at least one touch in those 13 weeks; weeks
    run from the first calendar week to the week of as_of_date (touches after as_of_date are
    not in int_engagement_touches_filtered).

    Incremental (macros/incremental/lookback_window.sql): a late touch changes the 12 weeks after
    it, so a run recomputes every week from the earliest affected week on (or from the week of
    the earlier of the previous and this as-of date), reading the touches of the 12 weeks
    before it. -#}
{%- set affected_from = abm_affected_from() %}
with

touches as (

    select * from {{ ref('int_engagement_touches_filtered') }}

),

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

channel_caps as (

    select * from {{ ref('int_engagement_channel_caps_listed') }}

),

account_channel_week_points as (

    select
        account_id,
        channel,
        week_start_date as touch_week_start_date,
        sum(points) as raw_points,
        count(*) as touches
    from touches
    {%- if affected_from is not none %}
    where week_start_date >= {{ add_days(affected_from, -84) }}
    {%- endif %}
    group by account_id, channel, week_start_date

),

points_in_window as (

    select
        account_channel_week_points.account_id,
        account_channel_week_points.channel,
        calendar_weeks.week_start_date,
        account_channel_week_points.raw_points,
        account_channel_week_points.touches,
        {{ dbt.datediff('account_channel_week_points.touch_week_start_date', 'calendar_weeks.week_start_date', 'day') }}
        / 7 as age_weeks
    from account_channel_week_points
    inner join calendar_weeks
        on account_channel_week_points.touch_week_start_date <= calendar_weeks.week_start_date
            and calendar_weeks.week_start_date
            <= {{ dbt.dateadd('day', 84, 'account_channel_week_points.touch_week_start_date') }}

),

points_decayed as (

    select
        account_id,
        channel,
        week_start_date,
        sum(case when age_weeks = 0 then raw_points else 0 end) as week_points,
        sum(touches) as window_touches,
        {{ exact_sum(
            'raw_points * power(0.5, cast(age_weeks as ' ~ type_double() ~ ') / '
            ~ var('engagement_half_life_weeks') ~ ')'
        ) }} as decayed_points
    from points_in_window
    {%- if affected_from is not none %}
    where week_start_date >= {{ affected_from }}
    {%- endif %}
    group by account_id, channel, week_start_date

),

final as (

    select
        points_decayed.account_id,
        points_decayed.week_start_date,
        points_decayed.channel,
        points_decayed.week_points,
        points_decayed.window_touches,
        cast(points_decayed.decayed_points as {{ type_double() }}) as decayed_points,
        channel_caps.channel_cap,
        cast(
            case
                when points_decayed.decayed_points > channel_caps.channel_cap then channel_caps.channel_cap
                else points_decayed.decayed_points
            end as {{ type_double() }}
        ) as channel_points
    from points_decayed
    inner join channel_caps
        on points_decayed.channel = channel_caps.channel

)

select * from final
