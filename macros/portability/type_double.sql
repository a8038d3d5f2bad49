{#- A double-precision float: `double precision` on DuckDB and PostgreSQL, `double` on Spark.
    (dbt.type_float() is single precision on DuckDB, too coarse for amounts and ratios.) -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'abm_kpi_warehouse')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
