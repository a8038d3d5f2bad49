{#- Text → boolean. Loaders deliver true/false, 1/0, t/f (any case); anything else is null. -#}
{% macro parse_boolean(expr) -%}
    case
        when lower(trim({{ expr }})) in ('true', 't', '1', '1.0', 'yes', 'y') then true
        when lower(trim({{ expr }})) in ('false', 'f', '0', '0.0', 'no', 'n') then false
    end
{%- endmacro %}
