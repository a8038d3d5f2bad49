{#- The people dimension (docs/kpi_catalogue.md, "Account of a person"): one row per person, a
    CRM contact or a lead not converted into a contact, with the account the person belongs to,
    the first date the person was known and the MQL / SQL dates, from int_people_resolved. -#}
with

people as (

    select * from {{ ref('int_people_resolved') }}

),

final as (

    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(person_type as {{ dbt.type_string() }}) as person_type,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(merged_lead_count as bigint) as merged_lead_count,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(email_domain as {{ dbt.type_string() }}) as email_domain,
        is_personal_email_domain,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_resolution as {{ dbt.type_string() }}) as account_resolution,
        cast(buying_role as {{ dbt.type_string() }}) as buying_role,
        is_decision_maker,
        cast(title as {{ dbt.type_string() }}) as title,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(mql_date as date) as mql_date,
        cast(sql_date as date) as sql_date,
        cast(first_known_at as {{ dbt.type_timestamp() }}) as first_known_at,
        cast(first_known_date as date) as first_known_date
    from people

)

select * from final
