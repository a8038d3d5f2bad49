{#- The as-of date of every KPI: var('as_of_date') when set, else the latest event date found
    in the extracts (int_as_of_date). Results never depend on the wall clock. -#}
{% macro as_of_date() -%}
    {%- if var('as_of_date', none) -%}
        cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        (select as_of_date from {{ ref('int_as_of_date') }})
    {%- endif -%}
{%- endmacro %}
