with

base as (

    select * from {{ ref('base_crm__opportunity_history') }}

),

final as (

    select
        opportunity_history_id,
        opportunity_id,
        stage_name,
        amount_local,
        close_date,
        changed_at
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
