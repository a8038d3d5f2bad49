-- The ending MRR of a month is the starting MRR of the next month, per segment.
with

retention as (

    select * from {{ ref('kpi_retention_expansion') }}

)

select
    this_month.month_start_date,
    this_month.segment,
    this_month.ending_mrr_amount,
    next_month.starting_mrr_amount as next_starting_mrr_amount
from retention as this_month
inner join retention as next_month
    on this_month.segment = next_month.segment
    and next_month.month_start_date = cast({{ dbt.dateadd('month', 1, 'this_month.month_start_date') }} as date)
where abs(this_month.ending_mrr_amount - next_month.starting_mrr_amount) > 0.01
