{#- Speed to lead per week × segment: the buying-signal episodes of fct_buying_signals
    (one per account and 30-day episode, at its opening signal), by the signal's week, segment
    from the target list on the signal's date. responded_signals = a sales task or event within
    30 days; median / p90_response_hours over the responded signals; within_sla_rate = signals
    answered within speed_to_lead_sla_hours / all signals (an unanswered signal misses the SLA). -#}
with

signal_episodes as (

    select * from {{ ref('fct_buying_signals') }}

),

weeks as (

    select * from {{ ref('int_calendar_weeks') }}

),

segments as (

    {{ segment_rows() }}

),

signals_segmented as (

    select
        cast({{ dbt.date_trunc('week', 'signal_episodes.signal_date') }} as date) as week_start_date,
        signal_episodes.segment,
        signal_episodes.response_hours
    from signal_episodes

),

signals_summarized as (

    select
        week_start_date,
        segment,
        count(*) as signals,
        sum(case when response_hours is not null then 1 else 0 end) as responded_signals,
        sum(
            case when response_hours <= {{ var('speed_to_lead_sla_hours') }} then 1 else 0 end
        ) as within_sla_signals,
        {{ percentile_cont('response_hours', 0.5) }} as median_response_hours,
        {{ percentile_cont('response_hours', 0.9) }} as p90_response_hours
    from signals_segmented
    group by week_start_date, segment

),

final as (

    select
        weeks.week_start_date,
        segments.segment,
        weeks.is_complete,
        cast(coalesce(signals_summarized.signals, 0) as bigint) as signals,
        cast(coalesce(signals_summarized.responded_signals, 0) as bigint) as responded_signals,
        cast(coalesce(signals_summarized.within_sla_signals, 0) as bigint) as within_sla_signals,
        cast(signals_summarized.median_response_hours as {{ type_double() }}) as median_response_hours,
        cast(signals_summarized.p90_response_hours as {{ type_double() }}) as p90_response_hours,
        cast(
            signals_summarized.within_sla_signals * 1.0 / nullif(signals_summarized.signals, 0)
            as {{ type_double() }}
        ) as within_sla_rate
    from weeks
    cross join segments
    left join signals_summarized
        on weeks.week_start_date = signals_summarized.week_start_date
            and segments.segment = signals_summarized.segment

)

select * from final
