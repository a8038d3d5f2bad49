-- Every KPI declared by a KPI mart (config.meta.kpi_mart in its yml, abm_kpi_declarations)
-- appears in kpi_scorecard, and every model named kpi_* other than the scorecard declares at
-- least one KPI. A mart with no rows at all (the optional AI citation mart without its extract)
-- is exempt, and so is a mart that needs a source system switched off (needs_systems,
-- abm_kpi_mart_enabled). Returns the missing KPIs (kpi_id null: the mart declares none).
{%- set declared = {} %}
{%- set kpi_marts = [] %}
{%- if execute %}
{%- for kpi in abm_kpi_declarations() %}
{%- do declared.setdefault(kpi.mart, []).append(kpi.id) %}
{%- endfor %}
{%- for node in graph.nodes.values() %}
{%- if node.resource_type == 'model' and node.name.startswith('kpi_') and node.name != 'kpi_scorecard'
      and (node.version is none or node.version == node.latest_version)
      and abm_kpi_mart_enabled(node.name) %}
{%- do kpi_marts.append((node.name, node.relation_name)) %}
{%- endif %}
{%- endfor %}
{%- endif %}

with

scorecard_kpis as (

    select distinct
        kpi_mart,
        kpi_id
    from {{ ref('kpi_scorecard') }}

),

declared_kpis as (

    select
        cast(null as {{ dbt.type_string() }}) as kpi_mart,
        cast(null as {{ dbt.type_string() }}) as kpi_id,
        0 as mart_rows
    where 1 = 0
    {%- for mart_name, relation_name in kpi_marts | sort %}
    {%- for kpi_id in declared.get(mart_name, [none]) %}
    union all
    select
        '{{ mart_name }}',
        {{ "'" ~ kpi_id ~ "'" if kpi_id else 'null' }},
        (select count(*) from {{ relation_name }})
    {%- endfor %}
    {%- endfor %}

)

select
    declared_kpis.kpi_mart,
    declared_kpis.kpi_id
from declared_kpis
left join scorecard_kpis
    on declared_kpis.kpi_mart = scorecard_kpis.kpi_mart
        and declared_kpis.kpi_id = scorecard_kpis.kpi_id
where scorecard_kpis.kpi_id is null
    and declared_kpis.mart_rows > 0
