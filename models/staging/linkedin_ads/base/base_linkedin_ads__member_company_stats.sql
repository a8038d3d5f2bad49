with

source as (

    {{ select_extract('linkedin_ads', 'member_company_stats') }}

),

parsed as (

    select
        nullif(trim(campaign_id), '') as campaign_id,
        -- a month arrives as a date ('2025-01-01') or as a bare month ('2025-01')
        {{ parse_date(
            "case when " ~ regexp_like('trim(month)', "'^[0-9]{4}-[0-9]{2}$'")
            ~ " then " ~ dbt.concat(['trim(month)', "'-01'"]) ~ " else month end"
        ) }} as month_date,
        lower(nullif(trim(member_company), '')) as organization_urn,
        {{ parse_integer('impressions') }} as impressions,
        {{ parse_integer('clicks') }} as clicks,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(month), '') as raw_month,
        nullif(trim(member_company), '') as raw_member_company,
        nullif(trim(impressions), '') as raw_impressions,
        nullif(trim(clicks), '') as raw_clicks,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

month_started as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'month_date') }} as date) as month_start_date
    from parsed

),

keyed as (

    -- one row per campaign, month and organization,
    -- readable as '5001|2025-01-01|urn:li:organization:123'
    select
        *,
        {{ dbt.concat([
            'campaign_id',
            "'|'",
            'cast(month_start_date as ' ~ dbt.type_string() ~ ')',
            "'|'",
            'organization_urn',
        ]) }} as member_company_stat_id,
        {{ dbt.concat([
            "coalesce(campaign_id, '')",
            "'|'",
            "coalesce(cast(month_start_date as " ~ dbt.type_string() ~ "), raw_month, '')",
            "'|'",
            "coalesce(raw_member_company, '')",
        ]) }} as readable_key
    from month_started

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by member_company_stat_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from keyed

),

flagged as (

    -- impressions and clicks under 3 are suppressed by LinkedIn and arrive empty: that is
    -- not a reject, the count is simply unknown (null)
    select
        *,
        case
            when is_deleted_row then null
            when campaign_id is null or raw_month is null or organization_urn is null
                then 'null_key'
            when month_start_date is null then 'invalid_date:month'
            when not {{ regexp_like('organization_urn', "'^urn:li:organization:[0-9]+$'") }}
                then 'unknown_code:member_company'
            when key_rank > 1 then 'duplicate_key'
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
        'linkedin_ads__member_company_stats' as extract_name,
        readable_key as source_key,
        member_company_stat_id,
        campaign_id,
        month_start_date,
        organization_urn,
        impressions,
        clicks,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
