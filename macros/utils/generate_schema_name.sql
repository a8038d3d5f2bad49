{#- Layers land in fixed, readable schemas (raw, config, staging, intermediate, marts, audit)
    instead of dbt's default "<target schema>_<custom>": BI tools and loaders address them by
    name, and every warehouse (DuckDB file, PostgreSQL database, Spark catalog) holds one build.
    ABM_SCHEMA_SUFFIX (set by `abm build` on PostgreSQL) builds every layer into shadow schemas
    (`marts__next`, ...) that the publish step swaps in one transaction; the schemas sources
    read (raw, and the demo extracts' own schema) keep their names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- elif custom_schema_name | trim in ['raw', 'abm_demo_extracts', var('raw_schema', none)] -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}{{ env_var('ABM_SCHEMA_SUFFIX', '') | trim }}
    {%- endif -%}
{%- endmacro %}
