{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'lookback', 'date_column': 'signal_date'}},
    )
}}

{{ base_extract('intent', 'signal', overrides={'score': 'cast(score as integer)'}) }}
