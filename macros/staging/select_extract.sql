{#- The opening of every base model: selects every column that the source declares for an
    extract, as text, from the raw table.
    - A declared column marked `meta: {required: true}` that the table lacks fails the build
      with an error naming the extract and the column.
    - An optional column the table lacks is selected as null; extra columns are ignored.
    - `_source_row_number` numbers the raw rows (for the reject audit) and `_row_hash` hashes
      each row's content: ties in de-duplication go to the greatest hash, never to file order.
    - A source marked `meta: {optional: true}` that does not exist yields no rows instead of
      an error, so an optional extract (AI answer checks) never breaks the rest of the build.
    - Pass-through columns (var `<system>_<table>_pass_through_columns`) are selected too.
    - A system switched off (var `abm__using_<system>: false`, see abm_system_enabled) is not
      read at all: the same columns, no rows. -#}
{% macro select_extract(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        select * from {{ relation }}
    {%- elif graph.get('sources') is none -%}
        {#- dbt unit test: `relation` is the test's fixture, which has every column of the raw
            table, typed like it. Read those columns off the raw table and cast them to text,
            as in a real build. -#}
        {%- set raw_relation = abm_extract_relation(source_name, table_name) -%}
        {%- set raw_names = adapter.get_columns_in_relation(raw_relation) | map(attribute='name') | map('lower') | list %}
        {%- set hashed = raw_names + (['is_deleted', '_fivetran_deleted'] | reject('in', raw_names) | list) %}
        select
            declared.*,
            {{ row_content_hash(hashed) }} as _row_hash
        from (
        select
            {%- for column_name in raw_names %}
            cast({{ column_name }} as {{ dbt.type_string() }}) as {{ column_name }},
            {%- endfor %}
            {#- the deletion flags are optional in every extract and read by every base model;
                the declared column list is not available inside a unit test, so these two are
                supplied here when the raw table lacks them -#}
            {%- for flag in ['is_deleted', '_fivetran_deleted'] if flag not in raw_names %}
            cast(null as {{ dbt.type_string() }}) as {{ flag }},
            {%- endfor %}
            {{ source_row_number() }} as _source_row_number
        from {{ relation }}
        ) as declared
    {%- else -%}
        {{ _select_declared_columns(source_name, table_name, relation) }}
    {%- endif -%}
{%- endmacro %}


{% macro _select_declared_columns(source_name, table_name, relation) -%}
    {%- set extract_name = source_name ~ '__' ~ table_name -%}
    {%- set source_node = graph.sources.values()
        | selectattr('source_name', 'equalto', source_name)
        | selectattr('name', 'equalto', table_name) | first -%}
    {%- set declared_columns = source_node.columns.values() | list -%}
    {%- if declared_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("Source " ~ extract_name ~ " declares no columns in its _sources.yml") }}
    {%- endif -%}

    {%- set physical = adapter.get_columns_in_relation(relation) -%}
    {%- set physical_names = physical | map(attribute='name') | map('lower') | list -%}
    {%- set is_optional_extract = _abm_meta(source_node).get('optional', false) -%}
    {%- set is_switched_off = not abm_system_enabled(source_name) -%}
    {%- if is_switched_off -%}
        {#- a system switched off (var abm__using_<system>: false) is never read -#}
        {%- set physical_names = [] -%}
        {%- set is_optional_extract = true -%}
    {%- endif -%}

    {%- if physical_names | length == 0 and not is_optional_extract -%}
        {%- if abm_demo_mode() -%}
            {%- set next_step = "This build reads the demo extracts: run `dbt seed` first (it loads them into "
                ~ abm_demo_schema() ~ "), or set raw_schema / " ~ source_name ~ "_schema to the schema holding your extracts." -%}
        {%- else -%}
            {%- set next_step = "Load it (`abm load <folder> --schema " ~ relation.schema ~ "`), point var "
                ~ source_name ~ "_schema / " ~ source_name ~ "_" ~ table_name ~ "_identifier at the table your loader wrote, "
                ~ "or switch the system off (see \"Your own data\" in the README)." -%}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "Extract " ~ extract_name ~ " was not found at " ~ relation ~ ". " ~ next_step) }}
    {%- endif -%}

    {%- for column in declared_columns -%}
        {%- if column.name | lower not in physical_names and _abm_meta(column).get('required', false)
              and physical_names | length > 0 -%}
            {{ exceptions.raise_compiler_error(
                "Extract " ~ extract_name ~ " is missing required column '" ~ column.name
                ~ "' (found: " ~ (physical_names | join(', ')) ~ "). See the extract contract in the README.") }}
        {%- endif -%}
    {%- endfor %}
    select
        declared.*,
        {{ row_content_hash(declared_columns | map(attribute='name') | map('lower') | list) }} as _row_hash
    from (
    select
        {%- for column in declared_columns %}
        {%- if column.name | lower in physical_names %}
        cast({{ adapter.quote(column.name | lower) if target.type != 'spark' else column.name | lower }} as {{ dbt.type_string() }}) as {{ column.name | lower }},
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ column.name | lower }},
        {%- endif %}
        {%- endfor %}
        {%- for entry in pass_through_entries(source_name ~ '_' ~ table_name ~ '_pass_through_columns')
              if entry.name not in (declared_columns | map(attribute='name') | map('lower') | list) %}
        {%- if entry.name not in physical_names and physical_names | length > 0 %}
            {{ exceptions.raise_compiler_error(
                "Extract " ~ extract_name ~ " has no column '" ~ entry.name ~ "' named in var "
                ~ source_name ~ "_" ~ table_name ~ "_pass_through_columns (found: " ~ (physical_names | join(', ')) ~ ").") }}
        {%- endif %}
        {%- if entry.name in physical_names %}
        cast({{ adapter.quote(entry.name) if target.type != 'spark' else entry.name }} as {{ dbt.type_string() }}) as {{ entry.name }},
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ entry.name }},
        {%- endif %}
        {%- endfor %}
        {{ source_row_number() }} as _source_row_number
    {%- if physical_names | length > 0 %}
    from {{ relation }}
    {%- else %}
    {#- optional extract that is absent: the same columns, no rows #}
    from (select 1 as no_rows) as absent_extract
    where 1 = 0
    {%- endif %}
    ) as declared
{%- endmacro %}


{#- A hash of a raw row's content (every declared column, as text; null spelled apart from
    any text). Duplicates with the same key and the same modification time are settled by it
    (the greatest hash wins): a rule that depends on what the rows hold, never on the order
    in which a file or a table returns them. -#}
{% macro row_content_hash(column_names) -%}
    {%- set parts = [] -%}
    {%- for column_name in column_names -%}
        {%- do parts.append("coalesce(cast(" ~ column_name ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#- meta of a node or column, whether written under `meta:` or `config: meta:` -#}
{% macro _abm_meta(node) -%}
    {%- set meta = {} -%}
    {%- do meta.update(node.get('meta', {}) or {}) -%}
    {%- do meta.update((node.get('config', {}) or {}).get('meta', {}) or {}) -%}
    {{ return(meta) }}
{%- endmacro %}


{#- A number for each raw row, in the order the table returns them. -#}
{% macro source_row_number() -%}
    {{ return(adapter.dispatch('source_row_number', 'abm_kpi_warehouse')()) }}
{%- endmacro %}

{% macro default__source_row_number() -%}
    row_number() over (order by 1)
{%- endmacro %}

{% macro duckdb__source_row_number() -%}
    row_number() over ()
{%- endmacro %}

{% macro postgres__source_row_number() -%}
    row_number() over ()
{%- endmacro %}

{% macro spark__source_row_number() -%}
    monotonically_increasing_id()
{%- endmacro %}
