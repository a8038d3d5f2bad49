-- won + lost in kpi_win_rate = closed New Business opportunities of the opportunity fact
-- (closed on or before as_of_date), per closing month and segment; amounts too.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

win_rate as (

    select * from {{ ref('kpi_win_rate') }}

),

closed_in_fact as (

    select
        close_month_start_date as month_start_date,
        segment,
        count(*) as closed_opportunities,
        sum(coalesce(won_amount, 0) + coalesce(lost_amount, 0)) as closed_amount
    from {{ ref('fct_opportunities') }}
    where is_closed
        and opportunity_type = 'New Business'
        and close_date <= (select as_of_date from as_of)
    group by 1, 2

)

select
    coalesce(win_rate.month_start_date, closed_in_fact.month_start_date) as month_start_date,
    coalesce(win_rate.segment, closed_in_fact.segment) as segment,
    win_rate.won_opportunities + win_rate.lost_opportunities as mart_closed,
    closed_in_fact.closed_opportunities as fact_closed
from win_rate
full outer join closed_in_fact
    on win_rate.month_start_date = closed_in_fact.month_start_date
    and win_rate.segment = closed_in_fact.segment
where coalesce(win_rate.won_opportunities + win_rate.lost_opportunities, -1)
        <> coalesce(closed_in_fact.closed_opportunities, 0)
    or abs(coalesce(win_rate.closed_amount, 0) - coalesce(closed_in_fact.closed_amount, 0)) > 0.01
