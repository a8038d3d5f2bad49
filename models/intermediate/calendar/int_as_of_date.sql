{#- The date range of the extracts' go-to-market events (page views, emails, forms, intent,
    sales activities, opportunity creation and stage changes, campaign responses, ad stats).
    as_of_date defaults to the latest event date, so results depend on the data and vars only,
    never on the day the build runs. Planned dates (close dates of open opportunities) are not
    events, and subscriptions are account state that may start years before the marketing
    data, so neither widens the calendar. -#}
with

event_dates as (

    select cast(event_at as date) as event_date from {{ ref('stg_web__events') }}
    union all
    select cast(event_at as date) from {{ ref('stg_marketing__email_events') }}
    union all
    select cast(submitted_at as date) from {{ ref('stg_marketing__form_submissions') }}
    union all
    select signal_date from {{ ref('stg_intent__signals') }}
    union all
    select activity_date from {{ ref('stg_crm__tasks') }}
    union all
    select cast(start_at as date) from {{ ref('stg_crm__events') }}
    union all
    select created_date from {{ ref('stg_crm__opportunities') }}
    union all
    select cast(changed_at as date) from {{ ref('stg_crm__opportunity_history') }}
    union all
    select created_date from {{ ref('stg_crm__campaign_members') }}
    union all
    select stat_date from {{ ref('stg_linkedin_ads__campaign_stats') }}
    union all
    select stat_date from {{ ref('stg_google_ads__campaign_stats') }}

),

final as (

    select
        min(event_date) as first_event_date,
        max(event_date) as latest_event_date,
        {%- if var('as_of_date', none) %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date
        {%- else %}
            max(event_date) as as_of_date
        {%- endif %}
    from event_dates

)

select * from final
