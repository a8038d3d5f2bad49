-- Every KPI mart of the project (every enabled model named kpi_* other than the scorecard)
-- appears in kpi_scorecard. A mart with no rows at all (the optional AI citation mart without
-- its extract) is exempt, and so is a mart that needs a source system switched off
-- (abm_kpis_needing_systems). Returns the missing marts. The marts are read from the project graph,
-- so a KPI mart added later fails this test until the scorecard declares it.
{%- set kpi_marts = [] %}
{%- if execute %}
{%- for node in graph.nodes.values() %}
{%- if node.resource_type == 'model' and node.name.startswith('kpi_') and node.name != 'kpi_scorecard'
      and abm_kpi_mart_enabled(node.name) %}
{%- do kpi_marts.append((node.name, node.relation_name)) %}
{%- endif %}
{%- endfor %}
{%- endif %}

with

scorecard_marts as (

    select distinct kpi_mart
    from {{ ref('kpi_scorecard') }}

),

kpi_marts as (

    select
        cast(null as {{ dbt.type_string() }}) as kpi_mart,
        0 as mart_rows
    where 1 = 0
    {%- for mart_name, relation_name in kpi_marts | sort %}
    union all
    select
        '{{ mart_name }}',
        (select count(*) from {{ relation_name }})
    {%- endfor %}

)

select kpi_marts.kpi_mart
from kpi_marts
left join scorecard_marts
    on kpi_marts.kpi_mart = scorecard_marts.kpi_mart
where scorecard_marts.kpi_mart is null
    and kpi_marts.mart_rows > 0
