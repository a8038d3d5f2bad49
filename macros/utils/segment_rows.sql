{#- The segments every segmented mart reports, one row each (column `segment`): a mart
    cross-joins its periods with these so that a segment without activity still gets its row.
    The vocabulary of docs/kpi_catalogue.md ("Segments"): the three tiers, then non_target;
    include_non_target=false gives the tiers only (marts about target accounts alone). -#}
{% macro segment_rows(include_non_target=true) -%}
    select cast('tier_1' as {{ dbt.type_string() }}) as segment
    union all
    select 'tier_2'
    union all
    select 'tier_3'
    {%- if include_non_target %}
    union all
    select 'non_target'
    {%- endif %}
{%- endmacro %}
