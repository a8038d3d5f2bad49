{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        on_schema_change='fail',
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'week_start_date', 'align': 'week', 'as_of_bound': true, 'upstream': ['int_account_channel_weeks_decayed'], 'inputs': ['int_target_account_weeks', 'int_accounts_icp_scored']}},
    )
}}

{#- The account-week engagement fact (docs/kpi_catalogue.md, "Account engagement"). One row per
    account and week for every account with a touch in the 13 weeks ending that week and every
    account on the target list that week, from the first calendar week to the week of
    as_of_date.
      engagement_score  = Σ over the channels of channel_points, each min(channel cap,
                          Σ touch points × 0.5 ^ (age / half-life)) over those 13 weeks
                          (int_account_channel_weeks_decayed); caps sum to 100, so the score is
                          0–100. Stored at full precision and added exactly (exact_sum), so two
                          builds give the same bits;
      is_hot            = engagement_score >= var hot_account_threshold (default 65), compared
                          on the unrounded score;
      became_hot        = hot this week and not hot the week before (an account absent from the
                          previous week had no touch in its 13 weeks, so it was not hot).
    Segment = the tier on the list that week (int_target_account_weeks), else non_target; a
    non_target row may be an account outside the ICP (is_icp_fit tells). Each channel's points
    are in the long fact fct_account_engagement_channel_weeks (one row per account, week and
    channel) and, one column per channel of the engagement-weights seed, in
    fct_account_engagement_weeks_wide: no channel name is written in SQL. 

    Incremental (macros/incremental/lookback_window.sql): a run recomputes the weeks from the earliest
    week whose channel points changed (or from the week of the earlier of the previous and this
    as-of date); everything when the target list or the ICP scores changed. -#}
{%- set affected_from = abm_affected_from() %}
with

channel_weeks as (

    select * from {{ ref('int_account_channel_weeks_decayed') }}

),

target_weeks as (

    select * from {{ ref('int_target_account_weeks') }}

),

accounts_icp as (

    select * from {{ ref('int_accounts_icp_scored') }}

),

calendar_weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

account_weeks as (

    select
        account_id,
        week_start_date
    from channel_weeks
    {%- if affected_from is not none %}
    -- the week before the window too: became_hot compares with it
    where week_start_date >= {{ add_days(affected_from, -7) }}
    {%- endif %}
    union
    select
        account_id,
        week_start_date
    from target_weeks
    {%- if affected_from is not none %}
    where week_start_date >= {{ add_days(affected_from, -7) }}
    {%- endif %}

),

channels_summed as (

    select
        account_id,
        week_start_date,
        {{ exact_sum('channel_points') }} as total_channel_points,
        sum(week_points) as week_points,
        sum(window_touches) as window_touches
    from channel_weeks
    group by account_id, week_start_date

),

account_weeks_scored as (

    select
        account_weeks.account_id,
        account_weeks.week_start_date,
        calendar_weeks.is_complete,
        coalesce(target_weeks.segment, 'non_target') as segment,
        cast(target_weeks.tier as integer) as tier,
        target_weeks.account_id is not null as is_target,
        coalesce(accounts_icp.is_icp_fit, false) as is_icp_fit,
        cast(coalesce(channels_summed.week_points, 0) as {{ type_double() }}) as week_points,
        cast(coalesce(channels_summed.window_touches, 0) as bigint) as window_touches,
        cast(coalesce(channels_summed.total_channel_points, 0) as {{ type_double() }})
            as engagement_score
    from account_weeks
    inner join calendar_weeks
        on account_weeks.week_start_date = calendar_weeks.week_start_date
    left join channels_summed
        on account_weeks.account_id = channels_summed.account_id
            and account_weeks.week_start_date = channels_summed.week_start_date
    left join target_weeks
        on account_weeks.account_id = target_weeks.account_id
            and account_weeks.week_start_date = target_weeks.week_start_date
    left join accounts_icp
        on account_weeks.account_id = accounts_icp.account_id

),

hot_flagged as (

    select
        *,
        engagement_score >= {{ var('hot_account_threshold') }} as is_hot
    from account_weeks_scored

),

final as (

    select
        cast(this_week.account_id as {{ dbt.type_string() }}) as account_id,
        this_week.week_start_date,
        this_week.is_complete,
        cast(this_week.segment as {{ dbt.type_string() }}) as segment,
        this_week.tier,
        this_week.is_target,
        this_week.is_icp_fit,
        this_week.week_points,
        this_week.window_touches,
        this_week.engagement_score,
        this_week.engagement_score > 0 as is_engaged,
        this_week.is_hot,
        this_week.is_hot and not coalesce(previous_week.is_hot, false) as became_hot
    from hot_flagged as this_week
    left join hot_flagged as previous_week
        on this_week.account_id = previous_week.account_id
            and previous_week.week_start_date = cast({{ dbt.dateadd('day', -7, 'this_week.week_start_date') }} as date)
    {%- if affected_from is not none %}
    where this_week.week_start_date >= {{ affected_from }}
    {%- endif %}

)

select * from final
