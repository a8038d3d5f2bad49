with

source as (

    {{ select_extract('google_ads', 'account_history') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

known_currencies as (

    select distinct upper(trim(currency_code)) as currency_code
    from fx_rates

),

parsed as (

    select
        nullif(trim(id), '') as customer_id,
        upper(nullif(trim(currency_code), '')) as currency_code,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(updated_at), '') as raw_updated_at,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

looked_up as (

    -- the only join in staging: a lookup in the fx_rates seed to validate the currency code
    select
        parsed.*,
        (
            parsed.currency_code = '{{ var("reporting_currency") }}'
            or known_currencies.currency_code is not null
        ) as is_known_currency
    from parsed
    left join known_currencies
        on parsed.currency_code = known_currencies.currency_code

),

keyed as (

    -- the extract is versioned: one row per ad account and update time,
    -- readable as '123-456-7890|2025-01-31 10:00:00'
    select
        *,
        {{ dbt.concat(['customer_id', "'|'", 'cast(updated_at as ' ~ dbt.type_string() ~ ')']) }}
            as account_version_id,
        {{ dbt.concat([
            "coalesce(customer_id, '')",
            "'|'",
            "coalesce(cast(updated_at as " ~ dbt.type_string() ~ "), raw_updated_at, '')",
        ]) }} as readable_key
    from looked_up

),

ranked as (

    -- every version is kept: only the same account at the same update time twice is a
    -- duplicate (the greatest content hash wins); deleted and live rows are ranked apart
    select
        *,
        row_number() over (
            partition by account_version_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from keyed

),

flagged as (

    -- the currency is required here (an ad account always has one): a missing code is a
    -- reject, not a silent default
    select
        *,
        case
            when is_deleted_row then null
            when customer_id is null or raw_updated_at is null then 'null_key'
            when updated_at is null then 'invalid_timestamp:updated_at'
            when key_rank > 1 then 'duplicate_key'
            when currency_code is null then 'null_value:currency_code'
            when not is_known_currency then 'unknown_currency'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

kept as (

    select
        *,
        reject_reason is null and not is_deleted_row as is_kept
    from flagged

),

versioned as (

    -- the current version is the latest kept one: a rejected or deleted row never hides it
    select
        *,
        is_kept and row_number() over (
            partition by customer_id, is_kept
            order by updated_at desc, _row_hash desc
        ) = 1 as is_current_version
    from kept

),

final as (

    select
        'google_ads__account_history' as extract_name,
        readable_key as source_key,
        account_version_id,
        customer_id,
        currency_code,
        updated_at,
        is_current_version,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from versioned

)

select * from final
