{#- Text → decimal number (dbt's portable numeric type). Plain decimal notation with an
    optional sign and exponent; thousands separators and currency symbols are not guessed at:
    they parse to null and the row is rejected. -#}
{% macro parse_number(expr) -%}
    case
        when {{ regexp_like('trim(' ~ expr ~ ')', "'^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'") }}
            then cast(trim({{ expr }}) as {{ dbt.type_numeric() }})
    end
{%- endmacro %}


{#- Text → whole number (bigint). '12' and '12.0' parse; '12.5' does not. -#}
{% macro parse_integer(expr) -%}
    case
        when {{ regexp_like('trim(' ~ expr ~ ')', "'^[+-]?[0-9]+([.]0*)?$'") }}
            then cast(cast(trim({{ expr }}) as {{ dbt.type_numeric() }}) as {{ dbt.type_bigint() }})
    end
{%- endmacro %}
