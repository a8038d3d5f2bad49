{#- Every extract the warehouse reads, with its base and staging model. The audit models
    reconcile each one: rows read = rows kept + rows rejected + rows deleted. A new extract is
    added here and in its system's _sources.yml. -#}
{% macro audited_extracts() -%}
    {{ return([
        {'source': 'crm', 'table': 'account', 'base': 'base_crm__accounts', 'staging': 'stg_crm__accounts'},
        {'source': 'crm', 'table': 'contact', 'base': 'base_crm__contacts', 'staging': 'stg_crm__contacts'},
        {'source': 'crm', 'table': 'lead', 'base': 'base_crm__leads', 'staging': 'stg_crm__leads'},
        {'source': 'crm', 'table': 'opportunity', 'base': 'base_crm__opportunities', 'staging': 'stg_crm__opportunities'},
        {'source': 'crm', 'table': 'opportunity_history', 'base': 'base_crm__opportunity_history', 'staging': 'stg_crm__opportunity_history'},
        {'source': 'crm', 'table': 'opportunity_contact_role', 'base': 'base_crm__opportunity_contact_roles', 'staging': 'stg_crm__opportunity_contact_roles'},
        {'source': 'crm', 'table': 'campaign', 'base': 'base_crm__campaigns', 'staging': 'stg_crm__campaigns'},
        {'source': 'crm', 'table': 'campaign_member', 'base': 'base_crm__campaign_members', 'staging': 'stg_crm__campaign_members'},
        {'source': 'crm', 'table': 'task', 'base': 'base_crm__tasks', 'staging': 'stg_crm__tasks'},
        {'source': 'crm', 'table': 'event', 'base': 'base_crm__events', 'staging': 'stg_crm__events'},
        {'source': 'crm', 'table': 'user', 'base': 'base_crm__users', 'staging': 'stg_crm__users'},
        {'source': 'crm', 'table': 'target_account', 'base': 'base_crm__target_accounts', 'staging': 'stg_crm__target_accounts'},
        {'source': 'linkedin_ads', 'table': 'campaign_stats', 'base': 'base_linkedin_ads__campaign_stats', 'staging': 'stg_linkedin_ads__campaign_stats'},
        {'source': 'linkedin_ads', 'table': 'campaign_history', 'base': 'base_linkedin_ads__campaign_history', 'staging': 'stg_linkedin_ads__campaign_history'},
        {'source': 'linkedin_ads', 'table': 'member_company_stats', 'base': 'base_linkedin_ads__member_company_stats', 'staging': 'stg_linkedin_ads__member_company_stats'},
        {'source': 'google_ads', 'table': 'campaign_stats', 'base': 'base_google_ads__campaign_stats', 'staging': 'stg_google_ads__campaign_stats'},
        {'source': 'google_ads', 'table': 'campaign_history', 'base': 'base_google_ads__campaign_history', 'staging': 'stg_google_ads__campaign_history'},
        {'source': 'google_ads', 'table': 'account_history', 'base': 'base_google_ads__account_history', 'staging': 'stg_google_ads__account_history'},
        {'source': 'intent', 'table': 'signal', 'base': 'base_intent__signals', 'staging': 'stg_intent__signals'},
        {'source': 'web', 'table': 'event', 'base': 'base_web__events', 'staging': 'stg_web__events'},
        {'source': 'marketing', 'table': 'email_event', 'base': 'base_marketing__email_events', 'staging': 'stg_marketing__email_events'},
        {'source': 'marketing', 'table': 'form_submission', 'base': 'base_marketing__form_submissions', 'staging': 'stg_marketing__form_submissions'},
        {'source': 'ai_search', 'table': 'answer_check', 'base': 'base_ai_search__answer_checks', 'staging': 'stg_ai_search__answer_checks', 'optional': true},
        {'source': 'billing', 'table': 'subscription', 'base': 'base_billing__subscriptions', 'staging': 'stg_billing__subscriptions'},
    ]) }}
{%- endmacro %}


{#- Row count of a raw extract; 0 for an optional extract that is absent or a system switched off. -#}
{% macro count_extract_rows(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not abm_system_enabled(source_name)
          or (execute and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none) -%}
        select cast(0 as {{ dbt.type_bigint() }}) as rows_read
    {%- else -%}
        select cast(count(*) as {{ dbt.type_bigint() }}) as rows_read from {{ relation }}
    {%- endif -%}
{%- endmacro %}
