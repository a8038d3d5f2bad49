{#- True when `date_expr` falls in the `periods` `grain`s (default: 12 months) ending with
    `end_expr`, the end included and the start excluded: end − 12 months < date <= end. The
    trailing-12-month window of every _12m column (docs/kpi_catalogue.md, "Conventions"); a
    monthly series summed over itself passes month starts for both arguments. -#}
{% macro is_in_trailing_window(date_expr, end_expr, periods=12, grain='month') -%}
    ({{ date_expr }} <= {{ end_expr }}
        and {{ date_expr }} > {{ dbt.dateadd(grain, -periods, end_expr) }})
{%- endmacro %}
