{#- Deal size per closing month and segment: New Business opportunities won in the month
    (closing month = month of close_date), amounts at the close month's fx rate; segment at
    creation. Won deals without an amount are left out of the count, average and median. -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

segments as (

    {{ segment_rows() }}

),

won_new_business as (

    select
        close_month_start_date as month_start_date,
        segment,
        count(*) as won_opportunities,
        sum(won_amount) as won_amount,
        avg(won_amount) as avg_deal_size_amount,
        {{ percentile_cont('won_amount', 0.5) }} as median_deal_size_amount
    from opportunities
    where is_closed_won
        and opportunity_type = 'New Business'
        and close_date <= (select as_of_date from as_of)
        and won_amount is not null
    group by close_month_start_date, segment

),

final as (

    select
        months.month_start_date,
        segments.segment,
        months.is_complete,
        cast(coalesce(won_new_business.won_opportunities, 0) as bigint) as won_opportunities,
        cast(coalesce(won_new_business.won_amount, 0) as {{ type_money() }}) as won_amount,
        cast(won_new_business.avg_deal_size_amount as {{ type_money() }}) as avg_deal_size_amount,
        cast(won_new_business.median_deal_size_amount as {{ type_money() }}) as median_deal_size_amount
    from months
    cross join segments
    left join won_new_business
        on months.month_start_date = won_new_business.month_start_date
            and segments.segment = won_new_business.segment

)

select * from final
