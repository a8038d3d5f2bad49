{#- Text → decimal number (dbt's portable numeric type). Plain decimal notation with an
    optional sign and exponent. Thousands separators and currency symbols are not guessed at:
    they parse to null and the row is rejected, unless the extract declares its number format
    (see extract_formats): decimal_separator ',' reads '1.234,56' and '1234,5';
    thousands_separator ',' reads '1,234.56'. -#}
{% macro parse_number(expr) -%}
    {%- set text = 'trim(' ~ expr ~ ')' -%}
    {%- set decimal_separator = extract_format('decimal_separator') -%}
    {%- set thousands_separator = extract_format('thousands_separator') -%}
    case
        {%- if decimal_separator == ',' %}
        when {{ regexp_like(text, "'^[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,[0-9]+)?$'") }}
            then cast(replace(replace({{ text }}, '.', ''), ',', '.') as {{ dbt.type_numeric() }})
        {%- elif thousands_separator == ',' %}
        when {{ regexp_like(text, "'^[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?$'") }}
            then cast(replace({{ text }}, ',', '') as {{ dbt.type_numeric() }})
        {%- endif %}
        when {{ regexp_like(text, "'^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'") }}
            then cast({{ text }} as {{ dbt.type_numeric() }})
    end
{%- endmacro %}


{#- Text → whole number (bigint). '12' and '12.0' parse; '12.5' does not. -#}
{% macro parse_integer(expr) -%}
    case
        when {{ regexp_like('trim(' ~ expr ~ ')', "'^[+-]?[0-9]+([.]0*)?$'") }}
            then cast(cast(trim({{ expr }}) as {{ dbt.type_numeric() }}) as {{ dbt.type_bigint() }})
    end
{%- endmacro %}
