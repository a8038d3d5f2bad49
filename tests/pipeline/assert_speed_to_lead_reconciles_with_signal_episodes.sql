-- Σ signals / responded_signals of kpi_speed_to_lead = signal episodes (and those answered)
-- of int_buying_signals_episoded in a calendar week; within-SLA never exceeds responded.
with

mart as (

    select
        sum(signals) as signals,
        sum(responded_signals) as responded_signals,
        sum(case when within_sla_signals > responded_signals then 1 else 0 end) as bad_rows
    from {{ ref('kpi_speed_to_lead') }}

),

episodes as (

    select
        count(*) as signals,
        sum(case when episodes.response_at is not null then 1 else 0 end) as responded_signals
    from {{ ref('int_buying_signals_episoded') }} as episodes
    inner join {{ ref('int_calendar_weeks') }} as weeks
        on cast({{ dbt.date_trunc('week', 'episodes.signal_date') }} as date) = weeks.week_start_date

)

select *
from mart
cross join episodes
where mart.signals <> episodes.signals
    or mart.responded_signals <> coalesce(episodes.responded_signals, 0)
    or mart.bad_rows > 0
