{#- One row per event extract: its latest event date, parsed as the base model parses it.
    `event_columns` lists (extract name, source system, source table, event column, 'date' or
    'timestamp'); a source system switched off (abm__using_<system>: false) is left out and its
    table never read. -#}
{% macro latest_event_dates(event_columns) -%}
    {%- set enabled_columns = [] -%}
    {%- for event_column in event_columns if abm_system_enabled(event_column[1]) -%}
        {%- do enabled_columns.append(event_column) -%}
    {%- endfor -%}
    {%- for extract_name, system, table, column, kind in enabled_columns %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        '{{ extract_name }}' as extract_name,
        {%- if kind == 'date' %}
        max({{ parse_date(column, extract_name) }}) as latest_event_date
        {%- else %}
        max(cast({{ parse_timestamp(column, extract_name) }} as date)) as latest_event_date
        {%- endif %}
    from {{ source(system, table) }}
    {%- endfor %}
{%- endmacro %}
