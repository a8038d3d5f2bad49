{#- The format `key` declared for the extract of the model being built (or `extract_name`).

    Optional formats a team declares per extract, in the var `extract_formats` (none by default):

        vars:
          extract_formats:
            web__event: {date_order: MDY}               # 03/31/2026, 03/31/2026 23:59[:59]
            crm__opportunity: {decimal_separator: ','}  # 1.234,56 and 1234,5
            billing__subscription: {thousands_separator: ','}  # 1,234.56

    ISO 8601 always parses; a declared format is accepted in addition, for every date,
    timestamp and number column of that extract's base model. date_order is MDY (MM/DD/YYYY)
    or DMY (DD/MM/YYYY). A value in neither form is still rejected with its column named. -#}
{% macro extract_format(key, extract_name=none) -%}
    {%- set formats = var('extract_formats', {}) or {} -%}
    {%- if extract_name is not none -%}
        {{ return((formats.get(extract_name, {}) or {}).get(key)) }}
    {%- endif -%}
    {%- set model_name = model.name if model is defined and model is mapping and model.get('name') else '' -%}
    {%- set matches = audited_extracts() | selectattr('base', 'equalto', model_name) | list -%}
    {%- if matches | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set extract_name = matches[0].source ~ '__' ~ matches[0].table -%}
    {{ return((formats.get(extract_name, {}) or {}).get(key)) }}
{%- endmacro %}


{#- 'MM/DD/YYYY[ HH:MM[:SS]]' (date_order MDY) or 'DD/MM/YYYY[ ...]' (DMY) → 'YYYY-MM-DD[ HH:MM:SS]'
    as text, for try_cast. -#}
{% macro slashed_date_to_iso(text, date_order) -%}
    {%- set date_part = dbt.split_part(text, "' '", 1) -%}
    {%- set time_part = dbt.split_part(text, "' '", 2) -%}
    {%- set first = dbt.split_part(date_part, "'/'", 1) -%}
    {%- set second = dbt.split_part(date_part, "'/'", 2) -%}
    {%- set month = first if date_order == 'MDY' else second -%}
    {%- set day = second if date_order == 'MDY' else first -%}
    {{ dbt.split_part(date_part, "'/'", 3) }} || '-' || lpad({{ month }}, 2, '0') || '-' || lpad({{ day }}, 2, '0')
    || case
        when length({{ time_part }}) = 5 then ' ' || {{ time_part }} || ':00'
        when length({{ time_part }}) = 8 then ' ' || {{ time_part }}
        else ''
    end
{%- endmacro %}


{#- The regex of a slashed date, with an optional time when `with_time`. -#}
{% macro slashed_date_pattern(with_time) -%}
    '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}{{ "( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?" if with_time else "" }}$'
{%- endmacro %}


{#- True when a date or timestamp lies after the event-date horizon (base_extracts__event_date_horizon,
    imported by the base model as the CTE `event_date_horizon`). -#}
{% macro is_after_event_horizon(expr) -%}
    cast({{ expr }} as date) > (select horizon_date from event_date_horizon)
{%- endmacro %}
