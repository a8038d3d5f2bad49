with

source as (

    {{ select_extract('billing', 'subscription') }}

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
        nullif(trim(id), '') as subscription_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(product), '') as product,
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,
        {{ parse_number('mrr') }} as mrr_local,
        coalesce(
            upper(nullif(trim(currency), '')),
            '{{ var("default_currency", var("reporting_currency")) }}'
        ) as currency_code,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(end_date), '') as raw_end_date,
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

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by subscription_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from looked_up

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when subscription_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when account_id is null then 'null_value:account_id'
            when start_date is null then 'invalid_date:start_date'
            when raw_end_date is not null and end_date is null then 'invalid_date:end_date'
            when end_date < start_date then 'invalid_period'
            when mrr_local is null then 'invalid_number:mrr'
            when mrr_local < 0 then 'negative_amount:mrr'
            when not is_known_currency then 'unknown_currency'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'billing__subscription' as extract_name,
        subscription_id as source_key,
        subscription_id,
        account_id,
        product,
        start_date,
        end_date,
        mrr_local,
        currency_code,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
