{#- Pipeline (sales) velocity per month × segment, New Business opportunities only (the deal
    size of the formula is New Business, so every term is). At the month's snapshot day (its
    last day, or as_of_date for the month containing it):
      open_opportunities = created on or before it and not closed by it (closed after it, or
                           still open);
    over the 12 months ending that day (close_date in (day - 12 months, day]):
      win_rate = won / (won + lost), avg_deal_size_amount = mean won amount,
      avg_sales_cycle_days = mean (close_date - created_date) of the won;
    sales_velocity_amount_per_day = open × win rate × deal size / cycle days.
    Segment at the opportunity's creation. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}
    where opportunity_type = 'New Business'

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

segments as (

    {{ segment_rows() }}

),

snapshot_days as (

    select
        month_start_date,
        is_complete,
        case
            when month_end_date < (select as_of_date from as_of) then month_end_date
            else (select as_of_date from as_of)
        end as snapshot_date
    from months

),

open_counted as (

    select
        snapshot_days.month_start_date,
        opportunities.segment,
        count(*) as open_opportunities,
        sum(opportunities.pipeline_amount) as open_pipeline_amount
    from snapshot_days
    inner join opportunities
        on snapshot_days.snapshot_date >= opportunities.created_date
            and (not opportunities.is_closed or snapshot_days.snapshot_date < opportunities.close_date)
    group by snapshot_days.month_start_date, opportunities.segment

),

closed_summarized as (

    select
        snapshot_days.month_start_date,
        opportunities.segment,
        sum(case when opportunities.is_closed_won then 1 else 0 end) as won_opportunities,
        sum(case when opportunities.is_closed_lost then 1 else 0 end) as lost_opportunities,
        avg(opportunities.won_amount) as avg_deal_size_amount,
        avg(case when opportunities.is_closed_won then opportunities.sales_cycle_days end)
            as avg_sales_cycle_days
    from snapshot_days
    inner join opportunities
        on opportunities.is_closed
            and {{ is_in_trailing_window('opportunities.close_date', 'snapshot_days.snapshot_date') }}
    group by snapshot_days.month_start_date, opportunities.segment

),

joined as (

    select
        snapshot_days.month_start_date,
        segments.segment,
        snapshot_days.is_complete,
        snapshot_days.snapshot_date,
        coalesce(open_counted.open_opportunities, 0) as open_opportunities,
        coalesce(open_counted.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(closed_summarized.won_opportunities, 0) as won_opportunities,
        coalesce(closed_summarized.lost_opportunities, 0) as lost_opportunities,
        closed_summarized.won_opportunities * 1.0
        / nullif(closed_summarized.won_opportunities + closed_summarized.lost_opportunities, 0)
            as win_rate,
        closed_summarized.avg_deal_size_amount,
        closed_summarized.avg_sales_cycle_days
    from snapshot_days
    cross join segments
    left join open_counted
        on snapshot_days.month_start_date = open_counted.month_start_date
            and segments.segment = open_counted.segment
    left join closed_summarized
        on snapshot_days.month_start_date = closed_summarized.month_start_date
            and segments.segment = closed_summarized.segment

),

final as (

    select
        month_start_date,
        segment,
        is_complete,
        cast(snapshot_date as date) as snapshot_date,
        cast(open_opportunities as bigint) as open_opportunities,
        cast(open_pipeline_amount as {{ type_money() }}) as open_pipeline_amount,
        cast(won_opportunities as bigint) as won_opportunities_12m,
        cast(lost_opportunities as bigint) as lost_opportunities_12m,
        cast(win_rate as {{ type_double() }}) as win_rate,
        cast(avg_deal_size_amount as {{ type_money() }}) as avg_deal_size_amount,
        cast(avg_sales_cycle_days as {{ type_double() }}) as avg_sales_cycle_days,
        cast(
            open_opportunities * win_rate * avg_deal_size_amount / nullif(avg_sales_cycle_days, 0)
            as {{ type_double() }}
        ) as sales_velocity_amount_per_day
    from joined

)

select * from final
