{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'signal_date', 'upstream': ['base_intent__signals']}},
    )
}}

{#- an incremental run rebuilds the rows dated on or after the earliest base row it changed
    (macros/incremental/lookback_window.sql) -#}
{%- set affected_from = abm_affected_from() %}

with

base as (

    select * from {{ ref('base_intent__signals') }}

),

final as (

    select
        intent_signal_id,
        vendor,
        signal_date,
        company_domain,
        company_name,
        topic,
        topic_category,
        signal_type,
        score
    from base
    where reject_reason is null
        and not is_deleted_row
        and {{ abm_in_affected_window('signal_date', affected_from) }}

)

select * from final
