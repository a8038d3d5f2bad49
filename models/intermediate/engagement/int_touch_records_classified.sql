{#- Every record of every engagement-touch source (spec, shared definitions "Touches"), one row
    per record and activity type, resolved to a person and an account and classified. A row
    with exclusion_reason null and an account is a touch (int_touches_unioned); every other row
    stays here so that exclusions and unmatched records are counted (int_touch_sources_matched),
    never lost.

    source    activity_type            records                         identity
    web       web_page_view            every web event (a page view)   known_contact_email → person,
                                                                        else resolved company domain
    email     email_open, email_click  email events of type open/click recipient → person, else its domain
    form      form_submission          every form submission           email → person, else its domain
    campaign  campaign_response        campaign members with           contact_id, else lead_id → person
                                       has_responded or status
                                       Attended / Responded
    linkedin  linkedin_ad_impression,  member-company rows with        organization URN → domain (seed
              linkedin_ad_click        impressions / clicks > 0        linkedin_organization_domains)
    intent    intent_surge             every intent signal             company domain → account

    Account: the person's account when the person has one (a known contact is the surer
    match), else the account of the domain (int_domains_resolved_to_accounts; personal email
    domains never match). touched_at: event time; campaign response: first_responded_date, else
    the member's created_at; LinkedIn: the stat month's first day (so a month lands on the week
    containing its first day); intent: signal_date. occurrences = 1, except LinkedIn (the
    impressions or clicks of the row). channel and points come from the engagement-weights seed:
    points = occurrences × points per occurrence.

    exclusion_reason, first that applies: 'bot' (web is_bot), 'isp' (web is_isp),
    'machine_open' (email open with is_machine_open), 'below_surge_threshold' (intent score <
    var surge_threshold), 'after_as_of_date' (touch_date > as_of_date), 'no_engagement_weight'
    (activity type not in the seed), 'duplicate_intent_surge' (one intent touch per account,
    topic and week: the highest score wins, then the earliest signal_date, then the smallest
    intent_signal_id). -#}
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

person_identifiers as (

    select * from {{ ref('int_person_identifiers_mapped') }}

),

people as (

    select * from {{ ref('int_people_resolved') }}

),

domain_accounts as (

    select * from {{ ref('int_domains_resolved_to_accounts') }}

),

engagement_weights as (

    select * from {{ ref('engagement_weights') }}

),

email_people as (

    select
        identifier as email,
        person_id
    from person_identifiers
    where identifier_type = 'email'

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

),

records_unioned as (

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

),

records_identified as (

    select
        records_unioned.*,
        coalesce(key_people.person_id, email_people.person_id) as person_id
    from records_unioned
    left join person_identifiers as key_people
        on records_unioned.person_key = key_people.identifier
        and key_people.identifier_type in ('contact_id', 'lead_id')
    left join email_people
        on records_unioned.person_email = email_people.email

),

records_resolved as (

    select
        records_identified.*,
        coalesce(people.account_id, domain_accounts.account_id) as account_id,
        case
            when people.account_id is not null then 'person'
            when domain_accounts.account_id is not null then 'domain'
            else 'unresolved'
        end as account_resolution,
        cast(records_identified.touched_at as date) as touch_date,
        cast({{ dbt.date_trunc('week', 'records_identified.touched_at') }} as date) as week_start_date
    from records_identified
    left join people
        on records_identified.person_id = people.person_id
    left join domain_accounts
        on records_identified.account_domain = domain_accounts.domain

),

intent_surges_ranked as (

    select
        touch_id,
        row_number() over (
            partition by account_id, topic, week_start_date
            order by intent_score desc, touched_at asc, source_record_id asc
        ) as surge_rank
    from records_resolved
    where source = 'intent'
        and source_exclusion_reason is null
        and account_id is not null
        and touch_date <= {{ as_of_date() }}

),

final as (

    select
        records_resolved.touch_id,
        records_resolved.source,
        records_resolved.source_record_id,
        records_resolved.activity_type,
        records_resolved.occurrences,
        records_resolved.touched_at,
        records_resolved.touch_date,
        records_resolved.week_start_date,
        records_resolved.person_id,
        records_resolved.account_id,
        records_resolved.account_resolution,
        records_resolved.account_domain,
        records_resolved.topic,
        records_resolved.intent_score,
        records_resolved.page_path,
        engagement_weights.channel,
        engagement_weights.points as points_per_occurrence,
        records_resolved.occurrences * engagement_weights.points as points,
        case
            when records_resolved.source_exclusion_reason is not null
                then records_resolved.source_exclusion_reason
            when records_resolved.touch_date > {{ as_of_date() }} then 'after_as_of_date'
            when engagement_weights.activity_type is null then 'no_engagement_weight'
            when intent_surges_ranked.surge_rank > 1 then 'duplicate_intent_surge'
        end as exclusion_reason
    from records_resolved
    left join intent_surges_ranked
        on records_resolved.touch_id = intent_surges_ranked.touch_id
    left join engagement_weights
        on records_resolved.activity_type = engagement_weights.activity_type

)

select * from final
