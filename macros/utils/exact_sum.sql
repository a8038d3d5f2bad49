{#- sum(expr) that is the same to the last bit on every run: each value (a double) is converted
    to decimal(38, 18) and the decimals are added exactly; the result is a double again.
    Use it for any sum or average of doubles that is stored (avg = exact_sum / count). -#}
{% macro exact_sum(expr) -%}
    cast(sum(cast({{ expr }} as {{ type_exact_sum() }})) as {{ type_double() }})
{%- endmacro %}
