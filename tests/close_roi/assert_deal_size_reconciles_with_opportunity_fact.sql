-- Won New Business deals (with an amount) in kpi_deal_size = those of the opportunity fact.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

deal_size as (

    select
        sum(won_opportunities) as won_opportunities,
        sum(won_amount) as won_amount
    from {{ ref('kpi_deal_size') }}

),

fact as (

    select
        count(*) as won_opportunities,
        coalesce(sum(won_amount), 0) as won_amount
    from {{ ref('fct_opportunities') }}
    where is_closed_won
        and opportunity_type = 'New Business'
        and won_amount is not null
        and close_date <= (select as_of_date from as_of)

)

select *
from deal_size
cross join fact
where deal_size.won_opportunities <> fact.won_opportunities
    or abs(deal_size.won_amount - fact.won_amount) > 0.01
