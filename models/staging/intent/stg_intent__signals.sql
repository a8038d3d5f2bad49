with

base as (

    select * from {{ ref('base_intent__signals') }}

),

final as (

    select
        intent_signal_id,
        vendor,
        signal_date,
        company_domain,
        company_name,
        topic,
        topic_category,
        signal_type,
        score
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
