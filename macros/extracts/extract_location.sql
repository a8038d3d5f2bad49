{#- Where the extracts are read from.

    Demo mode: the project is built on its own (not installed as a package) and no schema var
    points it at a user's extracts (`raw_schema` or a `<system>_schema`), or `abm_demo: true`.
    Then every source reads the demo extracts that `dbt seed` loads into the fixed schema
    `abm_demo_extracts`. Otherwise each system reads `<system>_schema` (else `raw_schema`, else
    `raw`) in `<system>_database` (else the target's database), and each table
    `<system>_<table>_identifier` (default `<system>__<table>`).

    The sources YAML cannot call macros, so `_<system>__sources.yml` repeats this rule inline;
    a test checks that both agree. -#}

{% macro abm_demo_schema() -%}
    {{ return('abm_demo_extracts') }}
{%- endmacro %}


{#- The source systems, each with a schema var and a database var. -#}
{% macro abm_source_systems() -%}
    {{ return(['crm', 'linkedin_ads', 'google_ads', 'intent', 'web', 'marketing', 'ai_search', 'billing']) }}
{%- endmacro %}


{#- The schema vars set for this run (name -> value), `raw_schema` included. -#}
{% macro abm_schema_vars() -%}
    {%- set found = {} -%}
    {%- for system in ['raw'] + abm_source_systems() -%}
        {%- set name = system ~ '_schema' -%}
        {%- if var(name, none) is not none -%}
            {%- do found.update({name: var(name)}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}


{% macro abm_demo_mode() -%}
    {%- if project_name != 'abm_kpi_warehouse' -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(var('abm_demo', abm_schema_vars() | length == 0)) }}
{%- endmacro %}


{#- The relation an extract is read from (same rule as the sources YAML). -#}
{% macro abm_extract_relation(source_name, table_name) -%}
    {%- if abm_demo_mode() -%}
        {{ return(api.Relation.create(
            database=target.database, schema=abm_demo_schema(),
            identifier=source_name ~ '__' ~ table_name)) }}
    {%- endif -%}
    {{ return(api.Relation.create(
        database=var(source_name ~ '_database', target.database),
        schema=var(source_name ~ '_schema', none) or var('raw_schema', none) or 'raw',
        identifier=var(source_name ~ '_' ~ table_name ~ '_identifier', source_name ~ '__' ~ table_name))) }}
{%- endmacro %}


{#- on-run-start guard: no schema var may name the demo schema, which `dbt seed` rewrites. -#}
{% macro check_extract_schemas() -%}
    {%- for name, value in abm_schema_vars().items() -%}
        {%- if value | lower == abm_demo_schema() -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " is '" ~ value ~ "', the schema the demo extracts are seeded into ("
                ~ "`dbt seed` replaces its tables). Load your extracts into a schema of your own "
                ~ "(`abm load <folder> --schema my_raw`) and set " ~ name ~ " to it.") }}
        {%- endif -%}
    {%- endfor -%}
    select 1
{%- endmacro %}


{#- Optional source systems and the var that switches each off (default on). A system that is
    off is never read: its base models select its declared columns with no rows, its extracts
    reconcile as 0 rows read, and the KPIs that need it (abm_kpis_needing_systems) leave the
    scorecard. crm is the spine of every KPI and cannot be switched off. -#}
{% macro abm_system_enabled(source_name) -%}
    {%- if source_name == 'ai_search' -%}
        {{ return(var('enable_ai_search', true)) }}
    {%- elif source_name == 'crm' -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(var('abm__using_' ~ source_name, true)) }}
{%- endmacro %}


{#- KPI marts whose numbers mean nothing without a system: mart -> the systems it needs, from
    `needs_systems` in each KPI mart's declaration (`config.meta.kpi_mart`, abm_kpi_declarations).
    Known when dbt executes (empty at parse time). -#}
{% macro abm_kpis_needing_systems() -%}
    {%- set needing = {} -%}
    {%- for kpi in abm_kpi_declarations() if kpi.needs_systems -%}
        {%- do needing.update({kpi.mart: kpi.needs_systems}) -%}
    {%- endfor -%}
    {{ return(needing) }}
{%- endmacro %}


{#- True when every system the KPI mart needs is switched on. -#}
{% macro abm_kpi_mart_enabled(mart_name) -%}
    {%- for system in abm_kpis_needing_systems().get(mart_name, []) -%}
        {%- if not abm_system_enabled(system) -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{%- endmacro %}
