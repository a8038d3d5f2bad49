{#- A timestamp plus a number of minutes, and a date plus a number of days; null in, null out on
    every engine (dbt's spark__dateadd raises on a null timestamp). -#}
{% macro add_minutes(timestamp_expr, minutes_expr) -%}
    {{ return(adapter.dispatch('add_minutes', 'abm_kpi_warehouse')(timestamp_expr, minutes_expr)) }}
{%- endmacro %}

{% macro default__add_minutes(timestamp_expr, minutes_expr) -%}
    {{ dbt.dateadd('minute', minutes_expr, timestamp_expr) }}
{%- endmacro %}

{% macro spark__add_minutes(timestamp_expr, minutes_expr) -%}
    ({{ timestamp_expr }} + make_interval(0, 0, 0, 0, 0, cast({{ minutes_expr }} as int), 0))
{%- endmacro %}


{% macro add_days(date_expr, days_expr) -%}
    {{ return(adapter.dispatch('add_days', 'abm_kpi_warehouse')(date_expr, days_expr)) }}
{%- endmacro %}

{% macro default__add_days(date_expr, days_expr) -%}
    cast({{ dbt.dateadd('day', days_expr, date_expr) }} as date)
{%- endmacro %}

{% macro spark__add_days(date_expr, days_expr) -%}
    date_add({{ date_expr }}, cast({{ days_expr }} as int))
{%- endmacro %}
