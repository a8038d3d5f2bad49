{#- Every amount that could not be converted to the reporting currency because its currency has
    no fx rate (docs/kpi_catalogue.md: rejected with that reason, never converted at 1). One row per rejected
    record: opportunities (left out of the opportunity fact and every opportunity KPI),
    subscription-months (left out of that month's MRR) and cost lines (left out of ABM cost). -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_converted') }}
    where fx_reject_reason is not null

),

opportunity_dates as (

    select * from {{ ref('stg_crm__opportunities') }}

),

subscriptions as (

    select * from {{ ref('int_subscription_months_converted') }}
    where fx_reject_reason is not null
        and not is_baseline_month

),

costs as (

    select * from {{ ref('int_marketing_costs_converted') }}
    where fx_reject_reason is not null

),

rejections_unioned as (

    select
        'opportunity' as record_type,
        opportunities.opportunity_id as record_id,
        opportunities.currency_code,
        opportunity_dates.created_date as amount_date,
        cast(opportunities.amount_local as {{ type_money() }}) as amount_local,
        opportunities.fx_reject_reason
    from opportunities
    inner join opportunity_dates
        on opportunities.opportunity_id = opportunity_dates.opportunity_id

    union all

    select
        'subscription_month' as record_type,
        subscription_id || ':' || cast(month_start_date as {{ dbt.type_string() }}) as record_id,
        currency_code,
        month_start_date as amount_date,
        cast(mrr_local as {{ type_money() }}) as amount_local,
        fx_reject_reason
    from subscriptions

    union all

    select
        cost_source as record_type,
        coalesce(platform || ':' || campaign_id, program) as record_id,
        currency_code,
        cost_date as amount_date,
        cost_local as amount_local,
        fx_reject_reason
    from costs

),

final as (

    select
        cast(record_type as {{ dbt.type_string() }}) as record_type,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        currency_code,
        amount_date,
        amount_local,
        fx_reject_reason
    from rejections_unioned

)

select * from final
