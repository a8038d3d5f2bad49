{#- The latest plausible event date. Each event extract has a latest event date; the horizon
    is the MEDIAN of those (of 11 extracts, the 6th latest; of an even number, the lower middle
    one) plus var('future_event_tolerance_days', 31) days. An event dated after the horizon is
    quarantined by its base model (future_date:<column>) instead of moving the as-of date: a
    page view dated 2031, even future dates in up to half of the event extracts, cannot drag
    every KPI into empty months. The rule reads the data only, never the wall clock. -#}
with

web__event as (

    select * from {{ source('web', 'event') }}

),

marketing__email_event as (

    select * from {{ source('marketing', 'email_event') }}

),

marketing__form_submission as (

    select * from {{ source('marketing', 'form_submission') }}

),

intent__signal as (

    select * from {{ source('intent', 'signal') }}

),

crm__task as (

    select * from {{ source('crm', 'task') }}

),

crm__event as (

    select * from {{ source('crm', 'event') }}

),

crm__opportunity as (

    select * from {{ source('crm', 'opportunity') }}

),

crm__opportunity_history as (

    select * from {{ source('crm', 'opportunity_history') }}

),

crm__campaign_member as (

    select * from {{ source('crm', 'campaign_member') }}

),

linkedin_ads__campaign_stats as (

    select * from {{ source('linkedin_ads', 'campaign_stats') }}

),

google_ads__campaign_stats as (

    select * from {{ source('google_ads', 'campaign_stats') }}

),

latest_event_dates as (

    select
        'web__event' as extract_name,
        max(cast({{ parse_timestamp('event_at', 'web__event') }} as date)) as latest_event_date
    from web__event
    union all
    select
        'marketing__email_event' as extract_name,
        max(cast({{ parse_timestamp('created_at', 'marketing__email_event') }} as date)) as latest_event_date
    from marketing__email_event
    union all
    select
        'marketing__form_submission' as extract_name,
        max(cast({{ parse_timestamp('submitted_at', 'marketing__form_submission') }} as date)) as latest_event_date
    from marketing__form_submission
    union all
    select
        'intent__signal' as extract_name,
        max({{ parse_date('signal_date', 'intent__signal') }}) as latest_event_date
    from intent__signal
    union all
    select
        'crm__task' as extract_name,
        max({{ parse_date('activity_date', 'crm__task') }}) as latest_event_date
    from crm__task
    union all
    select
        'crm__event' as extract_name,
        max(cast({{ parse_timestamp('start_date_time', 'crm__event') }} as date)) as latest_event_date
    from crm__event
    union all
    select
        'crm__opportunity' as extract_name,
        max(cast({{ parse_timestamp('created_date', 'crm__opportunity') }} as date)) as latest_event_date
    from crm__opportunity
    union all
    select
        'crm__opportunity_history' as extract_name,
        max(cast({{ parse_timestamp('created_date', 'crm__opportunity_history') }} as date)) as latest_event_date
    from crm__opportunity_history
    union all
    select
        'crm__campaign_member' as extract_name,
        max(cast({{ parse_timestamp('created_date', 'crm__campaign_member') }} as date)) as latest_event_date
    from crm__campaign_member
    union all
    select
        'linkedin_ads__campaign_stats' as extract_name,
        max({{ parse_date('day', 'linkedin_ads__campaign_stats') }}) as latest_event_date
    from linkedin_ads__campaign_stats
    union all
    select
        'google_ads__campaign_stats' as extract_name,
        max({{ parse_date('date', 'google_ads__campaign_stats') }}) as latest_event_date
    from google_ads__campaign_stats

),

ranked as (

    select
        latest_event_date,
        row_number() over (order by latest_event_date desc) as date_rank,
        count(*) over () as extract_count
    from latest_event_dates
    where latest_event_date is not null

),

median_latest as (

    -- the middle rank: 6 of 11, 5 of 10 (2 * rank - 1 is the count, or the count - 1)
    select max(latest_event_date) as median_latest_event_date
    from ranked
    where 2 * date_rank - 1 in (extract_count, extract_count - 1)

),

final as (

    select
        median_latest_event_date,
        {{ add_days('median_latest_event_date', var('future_event_tolerance_days', 31)) }} as horizon_date
    from median_latest

)

select * from final
