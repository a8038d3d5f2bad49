with

source as (

    {{ select_extract('linkedin_ads', 'campaign_stats') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(campaign_id), '') as campaign_id,
        {{ parse_date('day') }} as stat_date,
        {{ parse_integer('impressions') }} as impressions,
        {{ parse_integer('clicks') }} as clicks,
        {{ parse_number('cost_in_local_currency') }} as cost_in_local_currency,
        {{ parse_number('cost_in_usd') }} as cost_usd,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(day), '') as raw_day,
        nullif(trim(impressions), '') as raw_impressions,
        nullif(trim(clicks), '') as raw_clicks,
        nullif(trim(cost_in_local_currency), '') as raw_cost_in_local_currency,
        nullif(trim(cost_in_usd), '') as raw_cost_in_usd,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- one row per campaign and day, readable as '5001|2025-01-31'
    select
        *,
        {{ dbt.concat(['campaign_id', "'|'", 'cast(stat_date as ' ~ dbt.type_string() ~ ')']) }}
            as campaign_stat_id,
        {{ dbt.concat([
            "coalesce(campaign_id, '')",
            "'|'",
            "coalesce(cast(stat_date as " ~ dbt.type_string() ~ "), raw_day, '')",
        ]) }} as readable_key
    from parsed

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by campaign_stat_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from keyed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when campaign_id is null or raw_day is null then 'null_key'
            when stat_date is null then 'invalid_date:day'
            when {{ is_after_event_horizon('stat_date') }} then 'future_date:day'
            when key_rank > 1 then 'duplicate_key'
            when raw_impressions is not null and impressions is null
                then 'invalid_number:impressions'
            when impressions < 0 then 'negative_number:impressions'
            when raw_clicks is not null and clicks is null then 'invalid_number:clicks'
            when clicks < 0 then 'negative_number:clicks'
            when raw_cost_in_local_currency is not null and cost_in_local_currency is null
                then 'invalid_number:cost_in_local_currency'
            when cost_in_local_currency < 0 then 'negative_amount:cost_in_local_currency'
            when raw_cost_in_usd is not null and cost_usd is null
                then 'invalid_number:cost_in_usd'
            when cost_usd < 0 then 'negative_amount:cost_in_usd'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'linkedin_ads__campaign_stats' as extract_name,
        readable_key as source_key,
        campaign_stat_id,
        campaign_id,
        stat_date,
        impressions,
        clicks,
        -- cost_local is always in currency_code: the USD figure when LinkedIn gives one (the
        -- extract does not name the local currency), else the local figure in the default currency
        coalesce(cost_usd, cost_in_local_currency) as cost_local,
        cost_usd,
        case
            when cost_usd is not null then 'USD'
            when cost_in_local_currency is not null
                then '{{ var("default_currency", var("reporting_currency")) }}'
        end as currency_code,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
