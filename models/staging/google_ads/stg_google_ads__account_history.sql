with

base as (

    select * from {{ ref('base_google_ads__account_history') }}

),

final as (

    select
        account_version_id,
        customer_id,
        currency_code,
        updated_at,
        is_current_version
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
