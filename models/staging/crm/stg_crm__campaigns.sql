with

base as (

    select * from {{ ref('base_crm__campaigns') }}

),

final as (

    select
        campaign_id,
        campaign_name,
        campaign_type,
        campaign_status,
        start_date,
        end_date,
        budgeted_cost_local,
        actual_cost_local,
        is_abm
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
