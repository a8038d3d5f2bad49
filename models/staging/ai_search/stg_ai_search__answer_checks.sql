with

base as (

    select * from {{ ref('base_ai_search__answer_checks') }}

),

final as (

    select
        answer_check_id,
        checked_date,
        engine,
        prompt,
        topic,
        is_brand_cited,
        is_competitor_cited
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
