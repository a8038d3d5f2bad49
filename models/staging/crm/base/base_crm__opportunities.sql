with

source as (

    {{ select_extract('crm', 'opportunity') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

known_currencies as (

    select distinct upper(trim(currency_code)) as currency_code
    from fx_rates

),

known_stages as (

    -- one row per stage name, so the lookup below can never duplicate an opportunity
    select
        lower(trim(stage_name)) as stage_name_key,
        min(trim(stage_name)) as stage_name
    from stage_mapping
    group by 1

),

parsed as (

    select
        nullif(trim(id), '') as opportunity_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(name), '') as opportunity_name,
        case lower(trim(type))
            when 'new business' then 'New Business'
            when 'expansion' then 'Expansion'
            when 'renewal' then 'Renewal'
        end as opportunity_type,
        nullif(trim(stage_name), '') as raw_stage_name,
        lower(trim(stage_name)) as stage_name_key,
        {{ parse_number('amount') }} as amount_local,
        coalesce(
            upper(nullif(trim(currency_iso_code), '')),
            '{{ var("default_currency", var("reporting_currency")) }}'
        ) as currency_code,
        {{ parse_number('probability') }} as probability,
        {{ parse_date('close_date') }} as close_date,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_boolean('is_closed') }} as is_closed,
        {{ parse_boolean('is_won') }} as is_won,
        nullif(trim(lead_source), '') as lead_source,
        nullif(trim(campaign_id), '') as campaign_id,
        nullif(trim(owner_id), '') as owner_id,
        {{ parse_timestamp('last_modified_date') }} as last_modified_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(type), '') as raw_type,
        nullif(trim(amount), '') as raw_amount,
        nullif(trim(probability), '') as raw_probability,
        nullif(trim(last_modified_date), '') as raw_last_modified_date,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    {{ pass_through_parsed('crm_opportunity_pass_through_columns') }}
    from source

),

looked_up as (

    -- the only joins in staging: lookups in configuration seeds to validate the stage name and
    -- the currency code (both pre-aggregated to one row per key, so no row is duplicated)
    select
        parsed.*,
        -- the seed's spelling of a known stage, so downstream joins on stage_name are exact
        coalesce(known_stages.stage_name, parsed.raw_stage_name) as stage_name,
        known_stages.stage_name is not null as is_known_stage,
        parsed.currency_code = '{{ var("reporting_currency") }}'
        or known_currencies.currency_code is not null as is_known_currency
    from parsed
    left join known_stages
        on parsed.stage_name_key = known_stages.stage_name_key
    left join known_currencies
        on parsed.currency_code = known_currencies.currency_code

),

ranked as (

    -- deleted and live rows are ranked apart: a deleted copy never makes a live row a duplicate
    select
        *,
        row_number() over (
            partition by opportunity_id, is_deleted_row
            order by last_modified_at desc nulls last, _row_hash desc
        ) as key_rank
    from looked_up

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when opportunity_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when account_id is null then 'null_value:account_id'
            when not is_known_stage then 'unknown_stage_name'
            when close_date is null then 'invalid_date:close_date'
            when created_at is null then 'invalid_timestamp:created_date'
            when {{ is_after_event_horizon('created_at') }} then 'future_date:created_date'
            when is_closed is null then 'unknown_code:is_closed'
            when is_won is null then 'unknown_code:is_won'
            when raw_amount is not null and amount_local is null then 'invalid_number:amount'
            when amount_local < 0 then 'negative_amount:amount'
            when not is_known_currency then 'unknown_currency'
            when raw_probability is not null and probability is null
                then 'invalid_number:probability'
            when probability < 0 then 'negative_number:probability'
            when raw_type is not null and opportunity_type is null then 'unknown_code:type'
            when raw_last_modified_date is not null and last_modified_at is null
                then 'invalid_timestamp:last_modified_date'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__opportunity' as extract_name,
        opportunity_id as source_key,
        opportunity_id,
        account_id,
        opportunity_name,
        opportunity_type,
        stage_name,
        amount_local,
        currency_code,
        probability,
        close_date,
        created_at,
        cast(created_at as date) as created_date,
        is_closed,
        is_won,
        lead_source,
        campaign_id,
        owner_id,
        last_modified_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    {{ pass_through_selected('crm_opportunity_pass_through_columns') }}
    from flagged

)

select * from final
