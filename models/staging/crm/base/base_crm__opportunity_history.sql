with

source as (

    {{ select_extract('crm', 'opportunity_history') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

known_stages as (

    -- one row per stage name, so the lookup below can never duplicate a history row
    select
        lower(trim(stage_name)) as stage_name_key,
        min(trim(stage_name)) as stage_name
    from stage_mapping
    group by 1

),

parsed as (

    select
        nullif(trim(id), '') as opportunity_history_id,
        nullif(trim(opportunity_id), '') as opportunity_id,
        nullif(trim(stage_name), '') as raw_stage_name,
        lower(trim(stage_name)) as stage_name_key,
        {{ parse_number('amount') }} as amount_local,
        {{ parse_date('close_date') }} as close_date,
        {{ parse_timestamp('created_date') }} as changed_at,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(amount), '') as raw_amount,
        nullif(trim(close_date), '') as raw_close_date,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

looked_up as (

    -- the only join in staging: a lookup in the stage mapping seed to validate the stage name
    select
        parsed.*,
        -- the seed's spelling of a known stage, so downstream joins on stage_name are exact
        coalesce(known_stages.stage_name, parsed.raw_stage_name) as stage_name,
        known_stages.stage_name is not null as is_known_stage
    from parsed
    left join known_stages
        on parsed.stage_name_key = known_stages.stage_name_key

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by opportunity_history_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from looked_up

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when opportunity_history_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when opportunity_id is null then 'null_value:opportunity_id'
            when not is_known_stage then 'unknown_stage_name'
            when changed_at is null then 'invalid_timestamp:created_date'
            when {{ is_after_event_horizon('changed_at') }} then 'future_date:created_date'
            when raw_amount is not null and amount_local is null then 'invalid_number:amount'
            when amount_local < 0 then 'negative_amount:amount'
            when raw_close_date is not null and close_date is null then 'invalid_date:close_date'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__opportunity_history' as extract_name,
        opportunity_history_id as source_key,
        opportunity_history_id,
        opportunity_id,
        stage_name,
        amount_local,
        close_date,
        changed_at,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
