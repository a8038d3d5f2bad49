{#- Win rate per closing month and segment (segment at the opportunity's creation).
    New Business opportunities, like every pipeline and deal-size KPI (renewals, won almost
    always, would hide how the program converts new logos); closing month = month of
    close_date; amounts at the close month's fx rate. -#}
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

closed_opportunities as (

    select
        close_month_start_date as month_start_date,
        segment,
        sum(case when is_closed_won then 1 else 0 end) as won_opportunities,
        sum(case when is_closed_lost then 1 else 0 end) as lost_opportunities,
        sum(case when is_closed_won then coalesce(won_amount, 0) else 0 end) as won_amount,
        sum(case when is_closed_lost then coalesce(lost_amount, 0) else 0 end) as lost_amount
    from opportunities
    where is_closed
        and close_date <= (select as_of_date from as_of)
    group by close_month_start_date, segment

),

final as (

    select
        months.month_start_date,
        segments.segment,
        months.is_complete,
        cast(coalesce(closed_opportunities.won_opportunities, 0) as bigint) as won_opportunities,
        cast(coalesce(closed_opportunities.lost_opportunities, 0) as bigint) as lost_opportunities,
        cast(
            coalesce(closed_opportunities.won_opportunities, 0)
            + coalesce(closed_opportunities.lost_opportunities, 0)
            as bigint
        ) as closed_opportunities,
        cast(
            closed_opportunities.won_opportunities * 1.0
            / nullif(closed_opportunities.won_opportunities + closed_opportunities.lost_opportunities, 0)
            as {{ type_double() }}
        ) as win_rate,
        cast(coalesce(closed_opportunities.won_amount, 0) as {{ type_money() }}) as won_amount,
        cast(coalesce(closed_opportunities.lost_amount, 0) as {{ type_money() }}) as lost_amount,
        cast(
            coalesce(closed_opportunities.won_amount, 0) + coalesce(closed_opportunities.lost_amount, 0)
            as {{ type_money() }}
        ) as closed_amount,
        cast(
            closed_opportunities.won_amount
            / nullif(closed_opportunities.won_amount + closed_opportunities.lost_amount, 0)
            as {{ type_double() }}
        ) as amount_win_rate
    from months
    cross join segments
    left join closed_opportunities
        on months.month_start_date = closed_opportunities.month_start_date
            and segments.segment = closed_opportunities.segment

)

select * from final
