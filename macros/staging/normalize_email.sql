{#- An email address → lowercased and trimmed; null when it is not one address with a local
    part, an '@' and a domain containing a dot. -#}
{% macro normalize_email(expr) -%}
    case
        when {{ regexp_like('lower(trim(' ~ expr ~ '))', "'^[^@ ]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z0-9-]+[.]?$'") }}
            then lower(trim({{ expr }}))
    end
{%- endmacro %}


{#- The normalized domain of an email address (the part after '@', normalized like a website).
    Null when the address is not valid. -#}
{% macro email_domain(expr) -%}
    {{ normalize_domain(dbt.split_part(normalize_email(expr), "'@'", 2)) }}
{%- endmacro %}
