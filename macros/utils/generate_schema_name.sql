{#- Layers land in fixed, readable schemas (raw, config, staging, intermediate, marts, audit)
    instead of dbt's default "<target schema>_<custom>": BI tools and loaders address them by
    name, and every warehouse (DuckDB file, PostgreSQL database, Spark catalog) holds one build. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
