{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'lookback', 'date_column': 'event_at', 'key_column': 'web_event_id'}},
    )
}}

{{ base_extract('web', 'event') }}
