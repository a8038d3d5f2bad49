{#- Text → date. Accepts 'YYYY-MM-DD' optionally followed by a time; with the extract's
    `date_order` format (see extract_formats) also 'MM/DD/YYYY' or 'DD/MM/YYYY'. Anything else,
    or an impossible day such as 2025-02-31, gives null (the base model turns that into a
    reject). -#}
{% macro parse_date(expr, extract_name=none) -%}
    {%- set text = 'trim(' ~ expr ~ ')' -%}
    {%- set date_order = extract_format('date_order', extract_name) -%}
    case
        when {{ regexp_like(text, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$'") }}
            then {{ try_cast('substr(' ~ text ~ ', 1, 10)', 'date') }}
        {%- if date_order in ('MDY', 'DMY') %}
        when {{ regexp_like(text, slashed_date_pattern(true)) }}
            then {{ try_cast('substr(' ~ slashed_date_to_iso(text, date_order) ~ ', 1, 10)', 'date') }}
        {%- endif %}
    end
{%- endmacro %}
