{#- The contact roles of opportunities, each resolved to the person the contact is
    (int_person_identifiers_mapped, identifier_type contact_id). A role whose contact is not a
    kept contact keeps a null person_id. -#}
with

contact_roles as (

    select * from {{ ref('stg_crm__opportunity_contact_roles') }}

),

person_identifiers as (

    select * from {{ ref('int_person_identifiers_mapped') }}
    where identifier_type = 'contact_id'

),

final as (

    select
        contact_roles.*,
        person_identifiers.person_id
    from contact_roles
    left join person_identifiers
        on contact_roles.contact_id = person_identifiers.identifier

)

select * from final
