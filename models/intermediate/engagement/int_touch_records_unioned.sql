{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'touched_at', 'upstream': ['stg_web__events', 'stg_marketing__email_events', 'stg_intent__signals'], 'always': "source not in ('web', 'email', 'intent')"}},
    )
}}

{#- Every record of every engagement-touch source, unioned into one shape (docs/kpi_catalogue.md, shared
    definitions "Touches"), before any identity resolution: one row per record and activity
    type, with the keys that can identify it (person_email, person_key = a contact_id or
    lead_id, account_domain) and the exclusion a source rule gives it. int_touch_records_classified
    resolves and classifies these rows.

    source    activity_type            records                          keys
    web       web_page_view            every web event (a page view)    known_contact_email;
                                                                         resolved company domain
    email     email_open, email_click  email events of type open/click  recipient; its domain
    form      form_submission          every form submission            email; its domain
    campaign  campaign_response        campaign members with            contact_id, else lead_id
                                       has_responded or status
                                       Attended / Responded
    linkedin  linkedin_ad_impression,  member-company rows with         organization URN → domain
              linkedin_ad_click        impressions / clicks > 0         (seed linkedin_organization_domains)
    intent    intent_surge             every intent signal              company domain

    touched_at: event time; campaign response: first_responded_date, else the member's
    created_at; LinkedIn: the stat month's first day (so a month lands on the week containing
    its first day); intent: signal_date. occurrences = 1, except LinkedIn (the row's
    impressions or clicks). source_exclusion_reason: 'bot' (web is_bot), 'isp' (web is_isp),
    'machine_open' (email open with is_machine_open), 'below_surge_threshold' (intent score <
    var surge_threshold). 

    Incremental (macros/incremental/lookback_window.sql): a run rebuilds the web, email and intent
    records dated on or after the earliest event row that changed upstream, and every record of the
    small sources (forms, campaign responses, LinkedIn). -#}
{%- set affected_from = abm_affected_from() %}
with

web_events as (

    select * from {{ ref('stg_web__events') }}

),

email_events as (

    select * from {{ ref('stg_marketing__email_events') }}

),

form_submissions as (

    select * from {{ ref('stg_marketing__form_submissions') }}

),

campaign_members as (

    select * from {{ ref('stg_crm__campaign_members') }}

),

linkedin_member_company_stats as (

    select * from {{ ref('stg_linkedin_ads__member_company_stats') }}

),

intent_signals as (

    select * from {{ ref('stg_intent__signals') }}

),

linkedin_organization_domains as (

    select * from {{ ref('linkedin_organization_domains') }}

),

web_records as (

    select
        'web' as source,
        {{ dbt.concat(["'web:'", 'web_event_id']) }} as touch_id,
        web_event_id as source_record_id,
        'web_page_view' as activity_type,
        1 as occurrences,
        event_at as touched_at,
        contact_email as person_email,
        cast(null as {{ dbt.type_string() }}) as person_key,
        company_domain as account_domain,
        cast(null as {{ dbt.type_string() }}) as topic,
        cast(null as {{ dbt.type_int() }}) as intent_score,
        page_path,
        case
            when is_bot then 'bot'
            when is_isp then 'isp'
        end as source_exclusion_reason
    from web_events
    {%- if affected_from is not none %}
    where {{ abm_in_affected_window('event_at', affected_from) }}
    {%- endif %}

),

email_records as (

    select
        'email' as source,
        {{ dbt.concat(["'email:'", 'email_event_id']) }} as touch_id,
        email_event_id as source_record_id,
        case event_type when 'open' then 'email_open' else 'email_click' end as activity_type,
        1 as occurrences,
        event_at as touched_at,
        recipient_email as person_email,
        cast(null as {{ dbt.type_string() }}) as person_key,
        recipient_domain as account_domain,
        cast(null as {{ dbt.type_string() }}) as topic,
        cast(null as {{ dbt.type_int() }}) as intent_score,
        cast(null as {{ dbt.type_string() }}) as page_path,
        case
            when event_type = 'open' and is_machine_open then 'machine_open'
        end as source_exclusion_reason
    from email_events
    where event_type in ('open', 'click')
        and {{ abm_in_affected_window('event_at', affected_from) }}

),

form_records as (

    select
        'form' as source,
        {{ dbt.concat(["'form:'", 'form_submission_id']) }} as touch_id,
        form_submission_id as source_record_id,
        'form_submission' as activity_type,
        1 as occurrences,
        submitted_at as touched_at,
        email as person_email,
        cast(null as {{ dbt.type_string() }}) as person_key,
        email_domain as account_domain,
        cast(null as {{ dbt.type_string() }}) as topic,
        cast(null as {{ dbt.type_int() }}) as intent_score,
        cast(null as {{ dbt.type_string() }}) as page_path,
        cast(null as {{ dbt.type_string() }}) as source_exclusion_reason
    from form_submissions

),

campaign_records as (

    select
        'campaign' as source,
        {{ dbt.concat(["'campaign:'", 'campaign_member_id']) }} as touch_id,
        campaign_member_id as source_record_id,
        'campaign_response' as activity_type,
        1 as occurrences,
        case
            when first_responded_date is not null then cast(first_responded_date as {{ dbt.type_timestamp() }})
            else created_at
        end as touched_at,
        cast(null as {{ dbt.type_string() }}) as person_email,
        coalesce(contact_id, lead_id) as person_key,
        cast(null as {{ dbt.type_string() }}) as account_domain,
        cast(null as {{ dbt.type_string() }}) as topic,
        cast(null as {{ dbt.type_int() }}) as intent_score,
        cast(null as {{ dbt.type_string() }}) as page_path,
        cast(null as {{ dbt.type_string() }}) as source_exclusion_reason
    from campaign_members
    where has_responded
        or member_status in ('Attended', 'Responded')

),

linkedin_rows as (

    select
        linkedin_member_company_stats.member_company_stat_id,
        linkedin_member_company_stats.month_start_date,
        linkedin_member_company_stats.impressions,
        linkedin_member_company_stats.clicks,
        linkedin_organization_domains.domain as account_domain
    from linkedin_member_company_stats
    left join linkedin_organization_domains
        on linkedin_member_company_stats.organization_urn = linkedin_organization_domains.organization_urn

),

linkedin_records as (

    select
        'linkedin' as source,
        {{ dbt.concat(["'linkedin:'", 'member_company_stat_id', "':impression'"]) }} as touch_id,
        member_company_stat_id as source_record_id,
        'linkedin_ad_impression' as activity_type,
        impressions as occurrences,
        cast(month_start_date as {{ dbt.type_timestamp() }}) as touched_at,
        cast(null as {{ dbt.type_string() }}) as person_email,
        cast(null as {{ dbt.type_string() }}) as person_key,
        account_domain,
        cast(null as {{ dbt.type_string() }}) as topic,
        cast(null as {{ dbt.type_int() }}) as intent_score,
        cast(null as {{ dbt.type_string() }}) as page_path,
        cast(null as {{ dbt.type_string() }}) as source_exclusion_reason
    from linkedin_rows
    where impressions > 0
    union all
    select
        'linkedin' as source,
        {{ dbt.concat(["'linkedin:'", 'member_company_stat_id', "':click'"]) }} as touch_id,
        member_company_stat_id as source_record_id,
        'linkedin_ad_click' as activity_type,
        clicks as occurrences,
        cast(month_start_date as {{ dbt.type_timestamp() }}) as touched_at,
        cast(null as {{ dbt.type_string() }}) as person_email,
        cast(null as {{ dbt.type_string() }}) as person_key,
        account_domain,
        cast(null as {{ dbt.type_string() }}) as topic,
        cast(null as {{ dbt.type_int() }}) as intent_score,
        cast(null as {{ dbt.type_string() }}) as page_path,
        cast(null as {{ dbt.type_string() }}) as source_exclusion_reason
    from linkedin_rows
    where clicks > 0

),

intent_records as (

    select
        'intent' as source,
        {{ dbt.concat(["'intent:'", 'intent_signal_id']) }} as touch_id,
        intent_signal_id as source_record_id,
        'intent_surge' as activity_type,
        1 as occurrences,
        cast(signal_date as {{ dbt.type_timestamp() }}) as touched_at,
        cast(null as {{ dbt.type_string() }}) as person_email,
        cast(null as {{ dbt.type_string() }}) as person_key,
        company_domain as account_domain,
        topic,
        score as intent_score,
        cast(null as {{ dbt.type_string() }}) as page_path,
        case
            when score < {{ var('surge_threshold') }} then 'below_surge_threshold'
        end as source_exclusion_reason
    from intent_signals
    {%- if affected_from is not none %}
    where {{ abm_in_affected_window('signal_date', affected_from) }}
    {%- endif %}

),

final as (

    select * from web_records
    union all
    select * from email_records
    union all
    select * from form_records
    union all
    select * from campaign_records
    union all
    select * from linkedin_records
    union all
    select * from intent_records

)

select * from final
