{#- Pipeline created per month × segment.
    meetings = CRM events of type Meeting or Demo (fct_sales_activities) at accounts of
    the segment, by the event's date, segment from the target list on that date (events not
    resolved to an account are not counted).
    opportunities_created / pipeline_created_amount = New Business opportunities by created_date,
    segment at creation, amount at the creation month's fx rate; avg_opportunity_amount =
    pipeline / opportunities created (opportunities without an amount count as created and add
    nothing to the pipeline). -#}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}
    where opportunity_type = 'New Business'

),

sales_activities as (

    select * from {{ ref('fct_sales_activities') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

segments as (

    {{ segment_rows() }}

),

meetings as (

    select
        activity_id,
        account_id,
        activity_date,
        segment
    from sales_activities
    where activity_kind = 'event'
        and activity_type in ('Meeting', 'Demo')
        and account_id is not null
        and activity_date <= (select as_of_date from as_of)

),

meetings_counted as (

    select
        cast({{ dbt.date_trunc('month', 'meetings.activity_date') }} as date) as month_start_date,
        meetings.segment,
        count(*) as meetings
    from meetings
    group by 1, 2

),

opportunities_counted as (

    select
        created_month_start_date as month_start_date,
        segment,
        count(*) as opportunities_created,
        sum(coalesce(pipeline_amount, 0)) as pipeline_created_amount
    from opportunities
    group by created_month_start_date, segment

),

final as (

    select
        months.month_start_date,
        segments.segment,
        months.is_complete,
        cast(coalesce(meetings_counted.meetings, 0) as bigint) as meetings,
        cast(coalesce(opportunities_counted.opportunities_created, 0) as bigint)
            as opportunities_created,
        cast(coalesce(opportunities_counted.pipeline_created_amount, 0) as {{ type_money() }})
            as pipeline_created_amount,
        cast(
            opportunities_counted.pipeline_created_amount
            / nullif(opportunities_counted.opportunities_created, 0)
            as {{ type_money() }}
        ) as avg_opportunity_amount
    from months
    cross join segments
    left join meetings_counted
        on months.month_start_date = meetings_counted.month_start_date
            and segments.segment = meetings_counted.segment
    left join opportunities_counted
        on months.month_start_date = opportunities_counted.month_start_date
            and segments.segment = opportunities_counted.segment

)

select * from final
