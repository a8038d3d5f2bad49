{{
    config(
        materialized=abm_incremental_materialization(),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {'kind': 'affected', 'date_column': 'touched_at', 'align': 'week', 'as_of_bound': true, 'upstream': ['int_touch_records_unioned'], 'inputs': ['int_person_identifiers_mapped', 'int_people_resolved', 'int_domains_resolved_to_accounts']}},
    )
}}

{#- Every record of every engagement-touch source (int_touch_records_unioned, one row per record
    and activity type), resolved to a person and an account and classified. A row with
    exclusion_reason null and an account is a touch (int_engagement_touches_filtered); every other row stays
    here so that exclusions and unmatched records are counted (int_touch_sources_matched), never
    lost.

    Person: the record's contact_id / lead_id, else its email, through
    int_person_identifiers_mapped. Account: the person's account when the person has one (a
    known contact is the surer match), else the account of the record's domain
    (int_domains_resolved_to_accounts; personal email domains never match). channel and points
    come from the engagement-weights seed: points = occurrences × points per occurrence.

    exclusion_reason, first that applies: the source rule ('bot', 'isp', 'machine_open',
    'below_surge_threshold'), 'after_as_of_date' (touch_date > as_of_date),
    'no_engagement_weight' (activity type not in the seed), 'duplicate_intent_surge' (one
    intent touch per account, topic and week: the highest score wins, then the earliest
    signal_date, then the smallest intent_signal_id).

    Incremental (macros/incremental/lookback_window.sql): a run rebuilds the records from the week of
    the earliest record that changed upstream (the intent surge rank is per week), or of the
    earlier of the previous and this as-of date; everything when identity resolution changed. -#}
{%- set affected_from = abm_affected_from() %}
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

records_unioned as (

    select * from {{ ref('int_touch_records_unioned') }}

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
    {%- if affected_from is not none %}
    where {{ abm_in_affected_window('records_unioned.touched_at', affected_from) }}
    {%- endif %}

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
        and touch_date <= (select as_of_date from as_of)

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
            when records_resolved.touch_date > (select as_of_date from as_of) then 'after_as_of_date'
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
