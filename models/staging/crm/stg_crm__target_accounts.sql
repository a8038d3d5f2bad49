with

base as (

    select * from {{ ref('base_crm__target_accounts') }}

),

final as (

    select
        target_stay_id,
        account_id,
        tier,
        segment,
        added_date,
        removed_date,
        program
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
