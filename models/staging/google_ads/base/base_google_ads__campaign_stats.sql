with

source as (

    {{ select_extract('google_ads', 'campaign_stats') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(id), '') as campaign_id,
        {{ parse_date('date') }} as stat_date,
        upper(nullif(trim(ad_network_type), '')) as ad_network_type,
        upper(nullif(trim(device), '')) as device,
        {{ parse_integer('impressions') }} as impressions,
        {{ parse_integer('clicks') }} as clicks,
        {{ parse_number('cost_micros') }} as cost_micros,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(date), '') as raw_date,
        nullif(trim(impressions), '') as raw_impressions,
        nullif(trim(clicks), '') as raw_clicks,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- grain: account, day, campaign, device and network, readable as
    -- '123-456-7890|2025-01-31|111|DESKTOP|SEARCH' (an absent device or network is empty)
    select
        *,
        {{ dbt.concat([
            'customer_id',
            "'|'",
            'cast(stat_date as ' ~ dbt.type_string() ~ ')',
            "'|'",
            'campaign_id',
            "'|'",
            "coalesce(device, '')",
            "'|'",
            "coalesce(ad_network_type, '')",
        ]) }} as campaign_stat_id,
        {{ dbt.concat([
            "coalesce(customer_id, '')",
            "'|'",
            "coalesce(cast(stat_date as " ~ dbt.type_string() ~ "), raw_date, '')",
            "'|'",
            "coalesce(campaign_id, '')",
            "'|'",
            "coalesce(device, '')",
            "'|'",
            "coalesce(ad_network_type, '')",
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
            when customer_id is null or raw_date is null or campaign_id is null then 'null_key'
            when stat_date is null then 'invalid_date:date'
            when {{ is_after_event_horizon('stat_date') }} then 'future_date:date'
            when key_rank > 1 then 'duplicate_key'
            when cost_micros is null then 'invalid_number:cost_micros'
            when cost_micros < 0 then 'negative_amount:cost_micros'
            when raw_impressions is not null and impressions is null
                then 'invalid_number:impressions'
            when impressions < 0 then 'negative_number:impressions'
            when raw_clicks is not null and clicks is null then 'invalid_number:clicks'
            when clicks < 0 then 'negative_number:clicks'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'google_ads__campaign_stats' as extract_name,
        readable_key as source_key,
        campaign_stat_id,
        customer_id,
        campaign_id,
        stat_date,
        ad_network_type,
        device,
        impressions,
        clicks,
        -- Google Ads reports money in micros of the ad account's currency
        cast(cost_micros / 1000000 as {{ dbt.type_numeric() }}) as cost_local,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
