with

base as (

    select * from {{ ref('base_billing__subscriptions') }}

),

final as (

    select
        subscription_id,
        account_id,
        product,
        start_date,
        end_date,
        mrr_local,
        currency_code
    from base
    where reject_reason is null
        and not is_deleted_row

)

select * from final
