{#- Marketing influence per month × segment: New Business opportunities of the opportunity fact
    by creation month (segment at creation); influenced = at least one touch at the account in
    the 90 days before creation (int_opportunity_touches_windowed). influence_rate =
    influenced / created; the pipeline of each is beside it. -#}
with

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

opportunities_summarized as (

    select
        created_month_start_date as month_start_date,
        segment,
        count(*) as opportunities_created,
        sum(case when touches_90d > 0 then 1 else 0 end) as influenced_opportunities,
        sum(coalesce(pipeline_amount, 0)) as pipeline_created_amount,
        sum(case when touches_90d > 0 then coalesce(pipeline_amount, 0) else 0 end)
            as influenced_pipeline_amount
    from opportunities
    group by created_month_start_date, segment

),

final as (

    select
        months.month_start_date,
        segments.segment,
        months.is_complete,
        cast(coalesce(opportunities_summarized.opportunities_created, 0) as bigint)
            as opportunities_created,
        cast(coalesce(opportunities_summarized.influenced_opportunities, 0) as bigint)
            as influenced_opportunities,
        cast(
            opportunities_summarized.influenced_opportunities * 1.0
            / nullif(opportunities_summarized.opportunities_created, 0)
            as {{ type_double() }}
        ) as influence_rate,
        cast(coalesce(opportunities_summarized.pipeline_created_amount, 0) as {{ type_money() }})
            as pipeline_created_amount,
        cast(coalesce(opportunities_summarized.influenced_pipeline_amount, 0) as {{ type_money() }})
            as influenced_pipeline_amount
    from months
    cross join segments
    left join opportunities_summarized
        on months.month_start_date = opportunities_summarized.month_start_date
            and segments.segment = opportunities_summarized.segment

)

select * from final
