{#- The four segments every segmented mart reports, one row each (column `segment`): a mart
    cross-joins its periods with these so that a segment without activity still gets its row. -#}
{% macro segment_rows() -%}
    select cast('tier_1' as {{ dbt.type_string() }}) as segment
    union all
    select 'tier_2'
    union all
    select 'tier_3'
    union all
    select 'non_target'
{%- endmacro %}
