{#- when the flag is absent, a conversion date or converted record means converted -#}
{%- set is_converted -%}
    coalesce(
        is_converted,
        converted_date is not null
        or converted_account_id is not null
        or converted_contact_id is not null
        or converted_opportunity_id is not null
    )
{%- endset -%}

{{ base_extract('crm', 'lead', overrides={'is_converted': is_converted}) }}
