{#- Every key a touch can carry → the person it belongs to. One row per (identifier_type,
    identifier):
      contact_id → the contact's person;
      lead_id    → the lead's person (a lead merged into its converted contact maps to that
                   contact's person);
      email      → the person of a contact or lead with that address. Where several people
                   share an address, a contact wins over a lead, then the earliest known
                   record, then the smallest person_id. -#}
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

people as (

    select * from {{ ref('int_people_resolved') }}

),

contact_keys as (

    select
        contacts.contact_id,
        contacts.email,
        contacts.created_at,
        contacts.contact_id as person_id
    from contacts

),

converted_leads_merged as (

    select
        leads.lead_id,
        people.person_id
    from leads
    inner join people
        on leads.converted_contact_id = people.contact_id
    where leads.is_converted

),

lead_keys as (

    select
        leads.lead_id,
        leads.email,
        leads.created_at,
        coalesce(converted_leads_merged.person_id, leads.lead_id) as person_id
    from leads
    left join converted_leads_merged
        on leads.lead_id = converted_leads_merged.lead_id

),

email_candidates as (

    select
        email,
        person_id,
        0 as record_priority,
        created_at
    from contact_keys
    where email is not null
    union all
    select
        email,
        person_id,
        1 as record_priority,
        created_at
    from lead_keys
    where email is not null

),

email_candidates_ranked as (

    select
        email,
        person_id,
        row_number() over (
            partition by email
            order by record_priority asc, created_at asc, person_id asc
        ) as candidate_rank
    from email_candidates

),

final as (

    select
        'contact_id' as identifier_type,
        contact_id as identifier,
        person_id
    from contact_keys
    union all
    select
        'lead_id' as identifier_type,
        lead_id as identifier,
        person_id
    from lead_keys
    union all
    select
        'email' as identifier_type,
        email as identifier,
        person_id
    from email_candidates_ranked
    where candidate_rank = 1

)

select * from final
