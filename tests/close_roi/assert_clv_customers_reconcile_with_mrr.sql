-- Σ customers of kpi_customer_lifetime_value = accounts with MRR > 0 in as_of_date's month.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

clv as (

    select sum(customers) as customers
    from {{ ref('kpi_customer_lifetime_value') }}

),

mrr as (

    select count(*) as customers
    from {{ ref('int_account_mrr_monthly') }}
    where month_start_date = cast({{ dbt.date_trunc('month', '(select as_of_date from as_of)') }} as date)
        and mrr_amount > 0

)

select *
from clv
cross join mrr
where clv.customers <> mrr.customers
