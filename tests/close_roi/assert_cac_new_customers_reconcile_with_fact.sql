-- Σ new_abm_customers = accounts whose first won New Business opportunity (first close_date,
-- then created_date, then opportunity_id) is an ABM opportunity of the opportunity fact.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

cac as (

    select sum(new_abm_customers) as new_abm_customers
    from {{ ref('kpi_customer_acquisition_cost') }}

),

won_new_business as (

    select
        account_id,
        is_abm,
        row_number() over (
            partition by account_id order by close_date, created_date, opportunity_id
        ) as win_number
    from {{ ref('fct_opportunities') }}
    where is_closed_won
        and opportunity_type = 'New Business'
        and close_date <= (select as_of_date from as_of)

),

abm_first_wins as (

    select count(*) as new_abm_customers
    from won_new_business
    where win_number = 1
        and is_abm

)

select *
from cac
cross join abm_first_wins
where cac.new_abm_customers <> abm_first_wins.new_abm_customers
