{#- One row per person, resolved to an account (docs/kpi_catalogue.md, "account of a person").
    - Every CRM contact is a person (person_id = contact_id).
    - A converted lead whose converted_contact_id is a kept contact is the same person as that
      contact: it adds no row (counted once) and lends the contact its lead fields. Several
      leads converted into one contact all merge into it; lead_id shows the first of them.
    - Every other lead is a person of its own (person_id = lead_id).
    Account, first match wins:
      contact person: contact's account_id (when it is a kept account) → contact_account;
                      merged lead's converted_account_id → converted_account;
                      contact's email domain, else the merged lead's → email_domain;
                      merged lead's website → lead_website.
      lead person:    converted_account_id (kept account) → converted_account;
                      email domain → email_domain; website → lead_website.
    Domains resolve through int_domains_resolved_to_accounts, which never holds a personal
    email domain; a person with no match keeps account_id null (account_resolution =
    'unresolved') and is counted by int_touch_sources_matched, not forced onto an account. -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

domain_accounts as (

    select * from {{ ref('int_domains_resolved_to_accounts') }}

),

personal_email_domains as (

    select * from {{ ref('personal_email_domains') }}

),

leads_merged_into_contacts as (

    select
        leads.*,
        row_number() over (
            partition by leads.converted_contact_id
            order by leads.converted_date asc, leads.created_at asc, leads.lead_id asc
        ) as merge_order
    from leads
    inner join contacts
        on leads.converted_contact_id = contacts.contact_id
    where leads.is_converted

),

merged_leads_per_contact as (

    select
        converted_contact_id as contact_id,
        count(*) as merged_lead_count,
        min(mql_date) as first_mql_date,
        min(sql_date) as first_sql_date,
        min(created_at) as first_created_at
    from leads_merged_into_contacts
    group by converted_contact_id

),

first_merged_lead as (

    select * from leads_merged_into_contacts
    where merge_order = 1

),

contact_people as (

    select
        contacts.contact_id as person_id,
        'contact' as person_type,
        contacts.contact_id,
        first_merged_lead.lead_id,
        coalesce(merged_leads_per_contact.merged_lead_count, 0) as merged_lead_count,
        coalesce(contacts.email, first_merged_lead.email) as email,
        coalesce(contacts.email_domain, first_merged_lead.email_domain) as email_domain,
        case when contact_account.account_id is not null then contacts.account_id end as crm_account_id,
        case
            when converted_account.account_id is not null then first_merged_lead.converted_account_id
        end as converted_account_id,
        contacts.email_domain as primary_email_domain,
        first_merged_lead.email_domain as secondary_email_domain,
        first_merged_lead.website_domain,
        contacts.buying_role,
        contacts.title,
        coalesce(contacts.lead_source, first_merged_lead.lead_source) as lead_source,
        case
            when merged_leads_per_contact.first_mql_date is null then contacts.mql_date
            when contacts.mql_date is null then merged_leads_per_contact.first_mql_date
            when contacts.mql_date < merged_leads_per_contact.first_mql_date then contacts.mql_date
            else merged_leads_per_contact.first_mql_date
        end as mql_date,
        case
            when merged_leads_per_contact.first_sql_date is null then contacts.sql_date
            when contacts.sql_date is null then merged_leads_per_contact.first_sql_date
            when contacts.sql_date < merged_leads_per_contact.first_sql_date then contacts.sql_date
            else merged_leads_per_contact.first_sql_date
        end as sql_date,
        case
            when merged_leads_per_contact.first_created_at < contacts.created_at
                then merged_leads_per_contact.first_created_at
            else contacts.created_at
        end as first_known_at
    from contacts
    left join merged_leads_per_contact
        on contacts.contact_id = merged_leads_per_contact.contact_id
    left join first_merged_lead
        on contacts.contact_id = first_merged_lead.converted_contact_id
    left join accounts as contact_account
        on contacts.account_id = contact_account.account_id
    left join accounts as converted_account
        on first_merged_lead.converted_account_id = converted_account.account_id

),

lead_people as (

    select
        leads.lead_id as person_id,
        'lead' as person_type,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        leads.lead_id,
        0 as merged_lead_count,
        leads.email,
        leads.email_domain,
        cast(null as {{ dbt.type_string() }}) as crm_account_id,
        case when converted_account.account_id is not null then leads.converted_account_id end as converted_account_id,
        leads.email_domain as primary_email_domain,
        cast(null as {{ dbt.type_string() }}) as secondary_email_domain,
        leads.website_domain,
        cast(null as {{ dbt.type_string() }}) as buying_role,
        leads.title,
        leads.lead_source,
        leads.mql_date,
        leads.sql_date,
        leads.created_at as first_known_at
    from leads
    left join accounts as converted_account
        on leads.converted_account_id = converted_account.account_id
    where leads.lead_id not in (select merged.lead_id from leads_merged_into_contacts as merged)

),

people as (

    select * from contact_people
    union all
    select * from lead_people

),

people_with_domain_accounts as (

    select
        people.*,
        primary_domain.account_id as primary_email_domain_account_id,
        secondary_domain.account_id as secondary_email_domain_account_id,
        website_domain.account_id as website_domain_account_id
    from people
    left join domain_accounts as primary_domain
        on people.primary_email_domain = primary_domain.domain
    left join domain_accounts as secondary_domain
        on people.secondary_email_domain = secondary_domain.domain
    left join domain_accounts as website_domain
        on people.website_domain = website_domain.domain

),

final as (

    select
        people.person_id,
        people.person_type,
        people.contact_id,
        people.lead_id,
        people.merged_lead_count,
        people.email,
        people.email_domain,
        personal_email_domains.domain is not null as is_personal_email_domain,
        coalesce(
            people.crm_account_id,
            people.converted_account_id,
            people.primary_email_domain_account_id,
            people.secondary_email_domain_account_id,
            people.website_domain_account_id
        ) as account_id,
        case
            when people.crm_account_id is not null then 'contact_account'
            when people.converted_account_id is not null then 'converted_account'
            when people.primary_email_domain_account_id is not null then 'email_domain'
            when people.secondary_email_domain_account_id is not null then 'email_domain'
            when people.website_domain_account_id is not null then 'lead_website'
            else 'unresolved'
        end as account_resolution,
        people.buying_role,
        coalesce(people.buying_role in ('Decision Maker', 'Economic Buyer'), false) as is_decision_maker,
        people.title,
        people.lead_source,
        people.mql_date,
        people.sql_date,
        people.first_known_at,
        cast(people.first_known_at as date) as first_known_date
    from people_with_domain_accounts as people
    left join personal_email_domains
        on people.email_domain = personal_email_domains.domain

)

select * from final
