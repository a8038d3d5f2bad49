{#- Buying signals of accounts, grouped into 30-day episodes, with the first sales response.
    Signals (each resolved to an account; unresolved ones are not counted):
      - form: a demo_request or contact_sales form submission, at submitted_at; account of the
        submitter's person (int_person_identifiers_mapped by email), else of the email domain;
      - pricing_page_view: a web page view whose page_path contains '/pricing' (not bot, not
        ISP), at event_at; account of the resolved company domain, else of the known contact;
      - intent_surge: an intent row with score >= surge_threshold, at 00:00 UTC of signal_date;
        account of the company domain.
    Episodes: an account's first signal opens an episode of 30 days; signals inside it belong to
    it; the first signal on or after its end opens the next one. One row per episode, holding
    its opening signal (ties at the same moment: form, then pricing_page_view, then
    intent_surge).
    Response: the first sales task or event at the account (int_sales_activities_resolved) at or
    after the signal and before signal + 30 days, on or before as_of_date. Tasks carry a date
    only (activity_at = 00:00): a task dated on the signal's day counts, responding at the
    signal's moment (0 hours). response_hours = (response_at - signal_at) in hours. Signals
    after as_of_date are ignored. -#}
with recursive

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

form_submissions as (

    select * from {{ ref('stg_marketing__form_submissions') }}

),

web_events as (

    select * from {{ ref('stg_web__events') }}

),

intent_signals as (

    select * from {{ ref('stg_intent__signals') }}

),

person_identifiers as (

    select * from {{ ref('int_person_identifiers_mapped') }}
    where identifier_type = 'email'

),

people as (

    select * from {{ ref('int_people_resolved') }}

),

domain_accounts as (

    select * from {{ ref('int_domains_resolved_to_accounts') }}

),

sales_activities as (

    select * from {{ ref('int_sales_activities_resolved') }}
    where account_id is not null
        and activity_date <= (select as_of_date from as_of)

),

email_accounts as (

    select
        person_identifiers.identifier as email,
        people.account_id
    from person_identifiers
    inner join people
        on person_identifiers.person_id = people.person_id
    where people.account_id is not null

),

form_signals as (

    select
        coalesce(email_accounts.account_id, domain_accounts.account_id) as account_id,
        'form' as signal_type,
        1 as signal_type_rank,
        form_submissions.submitted_at as signal_at
    from form_submissions
    left join email_accounts
        on form_submissions.email = email_accounts.email
    left join domain_accounts
        on form_submissions.email_domain = domain_accounts.domain
    where form_submissions.form_type in ('demo_request', 'contact_sales')

),

pricing_signals as (

    select
        coalesce(domain_accounts.account_id, email_accounts.account_id) as account_id,
        'pricing_page_view' as signal_type,
        2 as signal_type_rank,
        web_events.event_at as signal_at
    from web_events
    left join domain_accounts
        on web_events.company_domain = domain_accounts.domain
    left join email_accounts
        on web_events.contact_email = email_accounts.email
    where web_events.page_path like '%/pricing%'
        and not coalesce(web_events.is_bot, false)
        and not coalesce(web_events.is_isp, false)

),

intent_surge_signals as (

    select
        domain_accounts.account_id,
        'intent_surge' as signal_type,
        3 as signal_type_rank,
        cast(intent_signals.signal_date as {{ dbt.type_timestamp() }}) as signal_at
    from intent_signals
    inner join domain_accounts
        on intent_signals.company_domain = domain_accounts.domain
    where intent_signals.score >= {{ var('surge_threshold') }}

),

signals_unioned as (

    select * from form_signals
    union all
    select * from pricing_signals
    union all
    select * from intent_surge_signals

),

signals_numbered as (

    select
        account_id,
        signal_type,
        signal_at,
        row_number() over (
            partition by account_id order by signal_at, signal_type_rank
        ) as signal_number
    from signals_unioned
    where account_id is not null
        and cast(signal_at as date) <= (select as_of_date from as_of)

),

next_episode_openers as (

    select
        signals_numbered.account_id,
        signals_numbered.signal_number,
        min(later_signals.signal_number) as next_opener_number
    from signals_numbered
    inner join signals_numbered as later_signals
        on signals_numbered.account_id = later_signals.account_id
            and later_signals.signal_at >= {{ dbt.dateadd('day', 30, 'signals_numbered.signal_at') }}
    group by signals_numbered.account_id, signals_numbered.signal_number

),

episode_openers (account_id, signal_number) as (

    select
        account_id,
        signal_number
    from signals_numbered
    where signal_number = 1
    union all
    select
        next_episode_openers.account_id,
        next_episode_openers.next_opener_number
    from episode_openers
    inner join next_episode_openers
        on episode_openers.account_id = next_episode_openers.account_id
            and episode_openers.signal_number = next_episode_openers.signal_number

),

episodes as (

    select signals_numbered.*
    from signals_numbered
    inner join episode_openers
        on signals_numbered.account_id = episode_openers.account_id
            and signals_numbered.signal_number = episode_openers.signal_number

),

responses_matched as (

    select
        episodes.account_id,
        episodes.signal_number,
        min(
            case
                when sales_activities.activity_at < episodes.signal_at then episodes.signal_at
                else sales_activities.activity_at
            end
        ) as response_at
    from episodes
    inner join sales_activities
        on episodes.account_id = sales_activities.account_id
            and sales_activities.activity_at < {{ dbt.dateadd('day', 30, 'episodes.signal_at') }}
            and (
                sales_activities.activity_at >= episodes.signal_at
                or (
                    sales_activities.activity_kind = 'task'
                    and sales_activities.activity_date = cast(episodes.signal_at as date)
                )
            )
    group by episodes.account_id, episodes.signal_number

),

final as (

    select
        episodes.account_id,
        cast(episodes.signal_number as integer) as signal_number,
        episodes.signal_type,
        episodes.signal_at,
        cast(episodes.signal_at as date) as signal_date,
        responses_matched.response_at,
        cast(
            {{ dbt.datediff('episodes.signal_at', 'responses_matched.response_at', 'second') }} / 3600.0  -- noqa: LT05
            as {{ type_double() }}
        ) as response_hours
    from episodes
    left join responses_matched
        on episodes.account_id = responses_matched.account_id
            and episodes.signal_number = responses_matched.signal_number

)

select * from final
