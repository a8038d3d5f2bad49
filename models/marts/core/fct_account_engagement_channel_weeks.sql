{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        on_schema_change='fail',
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'week_start_date', 'align': 'week', 'upstream': ['int_account_channel_weeks_decayed', 'fct_account_engagement_weeks']}},
    )
}}

{#- The account-week engagement fact in long form (docs/kpi_catalogue.md, "Account engagement"):
    one row per account, week and engagement channel with at least one touch in the 13 weeks
    ending that week. Channels are whatever the engagement-weights seed names: adding, renaming
    or removing a channel there needs no SQL change. Segment as on fct_account_engagement_weeks
    (the tier on the list that week, else non_target); the rows of an account-week sum to its
    engagement_score there (test assert_account_engagement_channels_sum_to_score). 

    Incremental like fct_account_engagement_weeks (macros/incremental/lookback_window.sql). -#}
{%- set affected_from = abm_affected_from() %}
with

channel_weeks as (

    select * from {{ ref('int_account_channel_weeks_decayed') }}

),

engagement_weeks as (

    select * from {{ ref('fct_account_engagement_weeks') }}

),

final as (

    select
        cast(channel_weeks.account_id as {{ dbt.type_string() }}) as account_id,
        channel_weeks.week_start_date,
        cast(channel_weeks.channel as {{ dbt.type_string() }}) as channel,
        cast(engagement_weeks.segment as {{ dbt.type_string() }}) as segment,
        cast(channel_weeks.week_points as {{ type_double() }}) as week_points,
        cast(channel_weeks.window_touches as bigint) as window_touches,
        cast(channel_weeks.decayed_points as {{ type_double() }}) as decayed_points,
        cast(channel_weeks.channel_cap as {{ type_double() }}) as channel_cap,
        cast(channel_weeks.channel_points as {{ type_double() }}) as channel_points
    from channel_weeks
    inner join engagement_weeks
        on channel_weeks.account_id = engagement_weeks.account_id
            and channel_weeks.week_start_date = engagement_weeks.week_start_date
    {%- if affected_from is not none %}
    where {{ abm_in_affected_window('channel_weeks.week_start_date', affected_from) }}
    {%- endif %}

)

select * from final
