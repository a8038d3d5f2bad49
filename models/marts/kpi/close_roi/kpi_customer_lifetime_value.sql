{#- Customer lifetime value as of as_of_date, per segment (the account's segment when its first
    subscription started, as in retention).
    customers = accounts with MRR > 0 at as_of_date (fct_account_mrr_months, month of
    as_of_date); avg_arr_amount = 12 × their average MRR.
    customers_12m_ago = accounts with MRR > 0 at the snapshot of the month twelve months before;
    churned_customers_12m = those of them with a churn movement in the 12 months since (months
    after that month, up to as_of_date's month); annual_logo_churn_rate = churned / customers
    12 months ago. ltv_amount = avg ARR × gross_margin (var) / annual churn rate (null when no
    churn: the lifetime is not bounded by the data).
    cac_12m_amount = ABM trailing-12-month CAC (kpi_customer_acquisition_cost, month of
    as_of_date) for the target tiers; null for non_target (ABM cost buys target accounts only).
    ltv_to_cac_ratio = ltv / CAC. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

account_mrr as (

    select * from {{ ref('fct_account_mrr_months') }}

),

acquisition_costs as (

    select * from {{ ref('kpi_customer_acquisition_cost') }}

),

segments as (

    {{ segment_rows() }}

),

as_of_month as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as month_start_date,
        cast({{ dbt.dateadd('month', -12, dbt.date_trunc('month', 'as_of_date')) }} as date)
            as month_12m_ago_start_date
    from as_of

),

account_segments as (

    select distinct
        account_id,
        segment
    from account_mrr

),

active_now as (

    select
        account_segments.segment,
        count(*) as customers,
        avg(account_mrr.ending_mrr_amount) as avg_mrr_amount
    from account_mrr
    inner join as_of_month
        on account_mrr.month_start_date = as_of_month.month_start_date
    inner join account_segments
        on account_mrr.account_id = account_segments.account_id
    where account_mrr.ending_mrr_amount > 0
    group by account_segments.segment

),

cohort_12m_ago as (

    select account_mrr.account_id
    from account_mrr
    inner join as_of_month
        on account_mrr.month_start_date = as_of_month.month_12m_ago_start_date
    where account_mrr.ending_mrr_amount > 0

),

cohort_churned as (

    select distinct account_mrr.account_id
    from account_mrr
    inner join cohort_12m_ago
        on account_mrr.account_id = cohort_12m_ago.account_id
    cross join as_of_month
    where account_mrr.movement_type = 'churn'
        and {{ is_in_trailing_window('account_mrr.month_start_date', 'as_of_month.month_start_date') }}

),

churn_summarized as (

    select
        account_segments.segment,
        count(*) as customers_12m_ago,
        sum(case when cohort_churned.account_id is not null then 1 else 0 end)
            as churned_customers_12m
    from cohort_12m_ago
    inner join account_segments
        on cohort_12m_ago.account_id = account_segments.account_id
    left join cohort_churned
        on cohort_12m_ago.account_id = cohort_churned.account_id
    group by account_segments.segment

),

cac_as_of as (

    select acquisition_costs.cac_12m_amount
    from acquisition_costs
    inner join as_of_month
        on acquisition_costs.month_start_date = as_of_month.month_start_date

),

joined as (

    select
        as_of_month.as_of_date,
        segments.segment,
        coalesce(active_now.customers, 0) as customers,
        12 * active_now.avg_mrr_amount as avg_arr_amount,
        coalesce(churn_summarized.customers_12m_ago, 0) as customers_12m_ago,
        coalesce(churn_summarized.churned_customers_12m, 0) as churned_customers_12m,
        churn_summarized.churned_customers_12m * 1.0
        / nullif(churn_summarized.customers_12m_ago, 0) as annual_logo_churn_rate,
        case when segments.segment <> 'non_target' then cac_as_of.cac_12m_amount end
            as cac_12m_amount
    from segments
    cross join as_of_month
    left join cac_as_of
        on 1 = 1
    left join active_now
        on segments.segment = active_now.segment
    left join churn_summarized
        on segments.segment = churn_summarized.segment

),

final as (

    select
        cast(as_of_date as date) as as_of_date,
        segment,
        cast(customers as bigint) as customers,
        cast(avg_arr_amount as {{ type_money() }}) as avg_arr_amount,
        cast(customers_12m_ago as bigint) as customers_12m_ago,
        cast(churned_customers_12m as bigint) as churned_customers_12m,
        cast(annual_logo_churn_rate as {{ type_double() }}) as annual_logo_churn_rate,
        cast(
            avg_arr_amount * {{ var('gross_margin') }} / nullif(annual_logo_churn_rate, 0)
            as {{ type_money() }}
        ) as ltv_amount,
        cast(cac_12m_amount as {{ type_money() }}) as cac_12m_amount,
        cast(
            avg_arr_amount * {{ var('gross_margin') }} / nullif(annual_logo_churn_rate, 0)
            / nullif(cac_12m_amount, 0)
            as {{ type_double() }}
        ) as ltv_to_cac_ratio
    from joined

)

select * from final
