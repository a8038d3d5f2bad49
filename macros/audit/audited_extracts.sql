{#- Every extract the warehouse reads, with its base and staging model, as the sources YAML
    declares them (abm_extract_contract, generated from the _sources.yml files). The audit
    models reconcile each one: rows read = rows kept + rows rejected + rows deleted. -#}
{% macro audited_extracts() -%}
    {%- set extracts = [] -%}
    {%- for extract in abm_extract_contract() -%}
        {%- do extracts.append({
            'source': extract.source,
            'table': extract.table,
            'base': extract.base,
            'staging': extract.staging,
            'optional': extract.optional,
        }) -%}
    {%- endfor -%}
    {{ return(extracts) }}
{%- endmacro %}


{#- Row count of a raw extract; 0 for an optional extract that is absent or a system switched off. -#}
{% macro count_extract_rows(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not abm_system_enabled(source_name)
          or (execute and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none) -%}
        select cast(0 as {{ dbt.type_bigint() }}) as rows_read
    {%- else -%}
        select cast(count(*) as {{ dbt.type_bigint() }}) as rows_read from {{ relation }}
    {%- endif -%}
{%- endmacro %}
