with

base as (

    select * from {{ ref('base_crm__opportunities') }}

),

final as (

    select
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
        created_date,
        is_closed,
        is_won,
        lead_source,
        campaign_id,
        owner_id,
        last_modified_at
    {{ pass_through_selected('crm_opportunity_pass_through_columns') }}
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
