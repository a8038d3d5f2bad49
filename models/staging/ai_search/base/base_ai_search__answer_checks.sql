with

source as (

    {{ select_extract('ai_search', 'answer_check') }}

),

parsed as (

    select
        {{ parse_date('checked_date') }} as checked_date,
        lower(nullif(trim(engine), '')) as engine,
        nullif(trim(prompt), '') as prompt,
        nullif(trim(topic), '') as topic,
        {{ parse_boolean('is_brand_cited') }} as is_brand_cited,
        {{ parse_boolean('is_competitor_cited') }} as is_competitor_cited,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(checked_date), '') as raw_checked_date,
        nullif(trim(is_competitor_cited), '') as raw_is_competitor_cited,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

keyed as (

    -- one row per day, engine and prompt, readable as '2025-01-31|chatgpt|best abm platform'
    select
        *,
        {{ dbt.concat([
            'cast(checked_date as ' ~ dbt.type_string() ~ ')',
            "'|'",
            'engine',
            "'|'",
            'prompt',
        ]) }} as answer_check_id,
        {{ dbt.concat([
            "coalesce(cast(checked_date as " ~ dbt.type_string() ~ "), raw_checked_date, '')",
            "'|'",
            "coalesce(engine, '')",
            "'|'",
            "coalesce(prompt, '')",
        ]) }} as readable_key
    from parsed

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by answer_check_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from keyed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when raw_checked_date is null or engine is null or prompt is null then 'null_key'
            when checked_date is null then 'invalid_date:checked_date'
            when key_rank > 1 then 'duplicate_key'
            when is_brand_cited is null then 'unknown_code:is_brand_cited'
            when raw_is_competitor_cited is not null and is_competitor_cited is null
                then 'unknown_code:is_competitor_cited'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'ai_search__answer_check' as extract_name,
        readable_key as source_key,
        answer_check_id,
        checked_date,
        engine,
        prompt,
        topic,
        is_brand_cited,
        is_competitor_cited,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
