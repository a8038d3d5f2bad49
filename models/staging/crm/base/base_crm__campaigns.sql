with

source as (

    {{ select_extract('crm', 'campaign') }}

),

parsed as (

    select
        nullif(trim(id), '') as campaign_id,
        nullif(trim(name), '') as campaign_name,
        nullif(trim(type), '') as campaign_type,
        nullif(trim(status), '') as campaign_status,
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,
        {{ parse_number('budgeted_cost') }} as budgeted_cost_local,
        {{ parse_number('actual_cost') }} as actual_cost_local,
        {{ parse_boolean('is_abm') }} as is_abm,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('is_deleted') }}, false)
        or coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(start_date), '') as raw_start_date,
        nullif(trim(end_date), '') as raw_end_date,
        nullif(trim(budgeted_cost), '') as raw_budgeted_cost,
        nullif(trim(actual_cost), '') as raw_actual_cost,
        nullif(trim(is_abm), '') as raw_is_abm,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by campaign_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when campaign_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when campaign_name is null then 'null_value:name'
            when raw_start_date is not null and start_date is null then 'invalid_date:start_date'
            when raw_end_date is not null and end_date is null then 'invalid_date:end_date'
            when raw_budgeted_cost is not null and budgeted_cost_local is null
                then 'invalid_number:budgeted_cost'
            when budgeted_cost_local < 0 then 'negative_amount:budgeted_cost'
            when raw_actual_cost is not null and actual_cost_local is null
                then 'invalid_number:actual_cost'
            when actual_cost_local < 0 then 'negative_amount:actual_cost'
            when raw_is_abm is not null and is_abm is null then 'unknown_code:is_abm'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__campaign' as extract_name,
        campaign_id as source_key,
        campaign_id,
        campaign_name,
        campaign_type,
        campaign_status,
        start_date,
        end_date,
        budgeted_cost_local,
        actual_cost_local,
        -- a campaign is not part of the ABM program unless flagged
        coalesce(is_abm, false) as is_abm,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
