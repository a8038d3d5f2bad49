{#- Text → date. Accepts 'YYYY-MM-DD' optionally followed by a time; anything else, or an
    impossible day such as 2025-02-31, gives null (the base model turns that into a reject). -#}
{% macro parse_date(expr) -%}
    case
        when {{ regexp_like('trim(' ~ expr ~ ')', "'^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$'") }}
            then {{ try_cast('substr(trim(' ~ expr ~ '), 1, 10)', 'date') }}
    end
{%- endmacro %}
