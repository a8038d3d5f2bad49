{#- Pass-through columns (the Fivetran package convention): extra raw columns a team wants in
    the marts without editing SQL, e.g. in dbt_project.yml

        vars:
          crm_account_pass_through_columns: [{name: account_source, alias: account_source_name}, rating]
          crm_opportunity_pass_through_columns: [forecast_category_name]

    Accounts flow to dim_accounts and opportunities to fct_opportunities, as trimmed text (null
    when empty), named `alias` (default: the raw name, lower case). select_extract reads them
    from the raw table; a column the table lacks fails the build naming the extract and column.
    While the list is not empty the mart's contract is not enforced (its columns are no longer
    fixed); declare the columns in _core__models.yml to enforce it again. -#}

{% macro pass_through_entries(var_name) -%}
    {%- set entries = [] -%}
    {%- for item in var(var_name, []) or [] -%}
        {%- if item is mapping -%}
            {%- set name = item['name'] | lower -%}
            {%- do entries.append({'name': name, 'alias': (item.get('alias') or name) | lower}) -%}
        {%- else -%}
            {%- do entries.append({'name': item | lower, 'alias': item | lower}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}


{#- `, nullif(trim(<name>), '') as <alias>` for each entry: for a base model reading the extract. -#}
{% macro pass_through_parsed(var_name) -%}
    {%- for entry in pass_through_entries(var_name) %},
        nullif(trim({{ entry.name }}), '') as {{ entry.alias }}
    {%- endfor -%}
{%- endmacro %}


{#- `, <relation>.<alias>` for each entry: for the models that carry the columns on. -#}
{% macro pass_through_selected(var_name, relation_alias=none) -%}
    {%- for entry in pass_through_entries(var_name) %},
        {{ (relation_alias ~ '.') if relation_alias else '' }}{{ entry.alias }}
    {%- endfor -%}
{%- endmacro %}
