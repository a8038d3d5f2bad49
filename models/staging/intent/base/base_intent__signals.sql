{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'lookback', 'date_column': 'signal_date'}},
    )
}}

with

source as (

    {{ select_extract('intent', 'signal') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        lower(nullif(trim(vendor), '')) as vendor,
        {{ parse_date('signal_date') }} as signal_date,
        {{ normalize_domain('domain') }} as company_domain,
        nullif(trim(company_name), '') as company_name,
        nullif(trim(topic), '') as topic,
        nullif(trim(topic_category), '') as topic_category,
        lower(nullif(trim(signal_type), '')) as signal_type,
        {{ parse_integer('score') }} as score,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(signal_date), '') as raw_signal_date,
        nullif(trim(domain), '') as raw_domain,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- one row per vendor, week (or day), company, topic and signal type, readable as
    -- 'g2|2025-01-27|foo.com|ABM Software|category_view' (an absent signal type is empty):
    -- a vendor such as G2 reports a category view and a competitor comparison of the same
    -- company and topic in the same week as two signals, so the type belongs to the key
    select
        *,
        {{ dbt.concat([
            'vendor',
            "'|'",
            'cast(signal_date as ' ~ dbt.type_string() ~ ')',
            "'|'",
            'company_domain',
            "'|'",
            'topic',
            "'|'",
            "coalesce(signal_type, '')",
        ]) }} as intent_signal_id,
        {{ dbt.concat([
            "coalesce(vendor, '')",
            "'|'",
            "coalesce(cast(signal_date as " ~ dbt.type_string() ~ "), raw_signal_date, '')",
            "'|'",
            "coalesce(company_domain, raw_domain, '')",
            "'|'",
            "coalesce(topic, '')",
            "'|'",
            "coalesce(signal_type, '')",
        ]) }} as readable_key
    from parsed

),

in_lookback_window as (

    -- an incremental run parses the lookback window only (macros/incremental/lookback_window.sql)
    {{ abm_lookback_rows('keyed', 'signal_date') }}

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by intent_signal_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from in_lookback_window

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when vendor is null or raw_signal_date is null or raw_domain is null or topic is null
                then 'null_key'
            when signal_date is null then 'invalid_date:signal_date'
            when {{ is_after_event_horizon('signal_date') }} then 'future_date:signal_date'
            -- a domain is part of the key: one that does not parse cannot identify a company
            when company_domain is null then 'unknown_code:domain'
            when key_rank > 1 then 'duplicate_key'
            when score is null then 'invalid_number:score'
            when score < 0 or score > 100 then 'unknown_code:score'
            when signal_type is not null
                and signal_type not in ('surge', 'category_view', 'competitor_comparison', 'profile_view')
                then 'unknown_code:signal_type'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'intent__signal' as extract_name,
        readable_key as source_key,
        intent_signal_id,
        vendor,
        signal_date,
        company_domain,
        company_name,
        topic,
        topic_category,
        signal_type,
        cast(score as integer) as score,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
