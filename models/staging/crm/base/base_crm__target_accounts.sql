with

source as (

    {{ select_extract('crm', 'target_account') }}

),

parsed as (

    select
        nullif(trim(account_id), '') as account_id,
        {{ parse_integer('tier') }} as tier,
        {{ parse_date('added_date') }} as added_date,
        {{ parse_date('removed_date') }} as removed_date,
        nullif(trim(program), '') as program,
        -- the contract has no is_deleted for the target list: only a loader's deletion flag counts
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce({{ parse_boolean('_fivetran_deleted') }}, false) as is_deleted_row,
        nullif(trim(added_date), '') as raw_added_date,
        nullif(trim(removed_date), '') as raw_removed_date,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- one row per stay on the list: the account and the day it was added, readable as 'A1|2024-01-31'
    select
        *,
        {{ dbt.concat(['account_id', "'|'", 'cast(added_date as ' ~ dbt.type_string() ~ ')']) }}
            as target_stay_id,
        {{ dbt.concat([
            "coalesce(account_id, '')",
            "'|'",
            "coalesce(cast(added_date as " ~ dbt.type_string() ~ "), raw_added_date, '')",
        ]) }} as readable_key
    from parsed

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by target_stay_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from keyed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when account_id is null or raw_added_date is null then 'null_key'
            when added_date is null then 'invalid_date:added_date'
            when key_rank > 1 then 'duplicate_key'
            when tier is null or tier not in (1, 2, 3) then 'unknown_code:tier'
            when raw_removed_date is not null and removed_date is null
                then 'invalid_date:removed_date'
            when removed_date < added_date then 'invalid_period'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'crm__target_account' as extract_name,
        readable_key as source_key,
        target_stay_id,
        account_id,
        tier,
        {{ dbt.concat(["'tier_'", 'cast(tier as ' ~ dbt.type_string() ~ ')']) }} as segment,
        added_date,
        removed_date,
        program,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
