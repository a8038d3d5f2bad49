{#- An exact decimal for money: decimal(38, 8) on DuckDB and Spark, numeric(38, 8) on PostgreSQL.
    Eight decimals hold an amount in cents times an fx rate of six decimals without rounding;
    38 digits leave 30 for the whole part. Sums of this type are exact, so they give the same
    value whatever order an engine adds the rows in. -#}
{% macro type_money() -%}
    {{ return(adapter.dispatch('type_money', 'abm_kpi_warehouse')()) }}
{%- endmacro %}

{% macro default__type_money() -%}
    decimal(38, 8)
{%- endmacro %}

{% macro postgres__type_money() -%}
    numeric(38, 8)
{%- endmacro %}


{#- An exact decimal for summing scores and points that are computed as doubles:
    decimal(38, 18). Converting each double to it first makes the sum exact and independent of
    the order the rows are added in (a sum of doubles is not: two runs may differ in the last
    bits). Values must stay below 10^20. -#}
{% macro type_exact_sum() -%}
    {{ return(adapter.dispatch('type_exact_sum', 'abm_kpi_warehouse')()) }}
{%- endmacro %}

{% macro default__type_exact_sum() -%}
    decimal(38, 18)
{%- endmacro %}

{% macro postgres__type_exact_sum() -%}
    numeric(38, 18)
{%- endmacro %}


{#- An amount in the reporting currency: local amount × fx rate, both as exact decimals, the
    product kept as type_money() (rounded at the 8th decimal only when the inputs carry more than
    8 decimals between them). -#}
{% macro converted_amount(amount_expr, rate_expr) -%}
    cast(
        cast({{ amount_expr }} as {{ type_decimal(20, 6) }}) * cast({{ rate_expr }} as {{ type_decimal(18, 8) }})
        as {{ type_money() }}
    )
{%- endmacro %}


{#- decimal(precision, scale) on DuckDB and Spark, numeric(precision, scale) on PostgreSQL. -#}
{% macro type_decimal(precision, scale) -%}
    {{ return(adapter.dispatch('type_decimal', 'abm_kpi_warehouse')(precision, scale)) }}
{%- endmacro %}

{% macro default__type_decimal(precision, scale) -%}
    decimal({{ precision }}, {{ scale }})
{%- endmacro %}

{% macro postgres__type_decimal(precision, scale) -%}
    numeric({{ precision }}, {{ scale }})
{%- endmacro %}
