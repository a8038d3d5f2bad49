{#- Pipeline created per month × segment.
    meetings = CRM events of type Meeting or Demo (int_sales_activities_resolved) at accounts of
    the segment, by the event's date, segment from the target list on that date (events not
    resolved to an account are not counted).
    opportunities_created / pipeline_created_amount = New Business opportunities by created_date,
    segment at creation, amount at the creation month's fx rate; avg_opportunity_amount =
    pipeline / opportunities created (opportunities without an amount count as created and add
    nothing to the pipeline). -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}
    where opportunity_type = 'New Business'

),

sales_activities as (

    select * from {{ ref('int_sales_activities_resolved') }}

),

target_stays as (

    select * from {{ ref('stg_crm__target_accounts') }}

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
        activity_date
    from sales_activities
    where activity_kind = 'event'
        and activity_type in ('Meeting', 'Demo')
        and account_id is not null
        and activity_date <= {{ as_of_date() }}

),

meeting_tiers as (

    select
        meetings.activity_id,
        min(target_stays.segment) as target_segment
    from meetings
    inner join target_stays
        on meetings.account_id = target_stays.account_id
            and {{ is_on_target_list('target_stays', 'meetings.activity_date') }}
    group by meetings.activity_id

),

meetings_counted as (

    select
        cast({{ dbt.date_trunc('month', 'meetings.activity_date') }} as date) as month_start_date,
        coalesce(meeting_tiers.target_segment, 'non_target') as segment,
        count(*) as meetings
    from meetings
    left join meeting_tiers
        on meetings.activity_id = meeting_tiers.activity_id
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
