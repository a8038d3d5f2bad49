{#- The opportunity-contact-role fact: one row per contact role on an opportunity (CRM), with
    the person the contact is (null when the contact is not a kept contact), from
    int_opportunity_contact_roles_resolved. Advocates are people with a role in var
    advocate_roles. -#}
with

contact_roles as (

    select * from {{ ref('int_opportunity_contact_roles_resolved') }}

),

final as (

    select
        cast(opportunity_contact_role_id as {{ dbt.type_string() }}) as opportunity_contact_role_id,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(contact_role as {{ dbt.type_string() }}) as contact_role,
        is_primary,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(person_id as {{ dbt.type_string() }}) as person_id
    from contact_roles

)

select * from final
