{#- The buying-signal fact (docs/kpi_catalogue.md, "Speed to lead"): one row per account and
    30-day buying-signal episode, at its opening signal (form, pricing page view or intent
    surge), with the first sales response and the account's segment on the signal's date (tier
    of the target-list stay covering it, else non_target), from int_buying_signals_episoded. -#}
with

signal_episodes as (

    select * from {{ ref('int_buying_signals_episoded') }}

),

target_stays as (

    select * from {{ ref('dim_target_list_stays') }}

),

episode_segments as (

    {{ segment_on_date('signal_episodes', ['account_id', 'signal_number'], 'account_id', 'signal_date') }}

),

episodes_segmented as (

    select
        signal_episodes.*,
        episode_segments.segment
    from signal_episodes
    inner join episode_segments
        on signal_episodes.account_id = episode_segments.account_id
            and signal_episodes.signal_number = episode_segments.signal_number

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(signal_number as integer) as signal_number,
        cast(signal_type as {{ dbt.type_string() }}) as signal_type,
        cast(signal_at as {{ dbt.type_timestamp() }}) as signal_at,
        cast(signal_date as date) as signal_date,
        cast(response_at as {{ dbt.type_timestamp() }}) as response_at,
        cast(response_hours as {{ type_double() }}) as response_hours,
        cast(segment as {{ dbt.type_string() }}) as segment
    from episodes_segmented

)

select * from final
