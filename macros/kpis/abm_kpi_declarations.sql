{#- Every KPI of the project, read from the declarations in the KPI marts' yml
    (`config.meta.kpi_mart`: phase, grain, period / segment / dimension columns, needed source
    systems, and its `kpis`: id, value, numerator, denominator, unit, direction, ...). One dict
    per KPI, mart-level keys copied onto it plus `mart`, sorted by mart then declaration order.
    The graph is only known when dbt executes: at parse time the list is empty, so a model
    looping over it lists its refs in `-- depends_on:` lines. -#}
{% macro abm_kpi_declarations() -%}
    {%- set declarations = [] -%}
    {%- if execute -%}
        {%- set marts = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- set declared = (node.config.meta or {}).get('kpi_mart') -%}
            {%- if node.resource_type == 'model' and declared
                  and (node.version is none or node.version == node.latest_version) -%}
                {%- do marts.append((node.name, declared)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for mart_name, declared in marts | sort(attribute='0') -%}
            {%- for kpi in declared.get('kpis', []) -%}
                {%- set declaration = {
                    'mart': mart_name,
                    'phase': declared.phase,
                    'grain': declared.grain,
                    'period': declared.period,
                    'segment': declared.get('segment'),
                    'dimension': declared.get('dimension'),
                    'needs_systems': declared.get('needs_systems', []),
                } -%}
                {%- do declaration.update(kpi) -%}
                {%- do declarations.append(declaration) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(declarations) }}
{%- endmacro %}
