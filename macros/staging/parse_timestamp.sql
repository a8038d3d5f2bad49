{#- Text → UTC timestamp without time zone. Accepts 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' or
    'YYYY-MM-DDTHH:MM:SS', with optional fractional seconds and an optional UTC marker
    (Z, UTC, +00, +00:00). The contract says timestamps are UTC, so another offset is not
    silently shifted: it parses to null and the row is rejected. -#}
{% macro parse_timestamp(expr) -%}
    case
        when {{ regexp_like('trim(' ~ expr ~ ')', "'^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?)? ?(Z|z|UTC|[+-]00(:?00)?)?$'") }}
            then {{ try_cast("replace(substr(trim(" ~ expr ~ "), 1, 19), 'T', ' ')", 'timestamp') }}
    end
{%- endmacro %}
