{#- Incremental models where the volume is: the event extracts (web events, email events,
    intent signals), their staging models, the touch stream and the account-week engagement
    fact. Each is configured with
        materialized=abm_incremental_materialization() (plain tables on Spark),
        incremental_strategy='abm_window',
        pre_hook="{{ abm_log_full_build() }}",
        meta={'abm_incremental': {...}}
    and rebuilds a WINDOW of its rows on an incremental run: the window's rows are deleted and
    inserted again from what the run computed, never merged row by row (so a row read again
    replaces itself, and duplicates are judged by the base models' rule: the latest
    modification, then the greatest content hash, never file order).

    kind 'lookback' (base models of an event extract; `date_column`, `key_column`): the window
    is every raw row dated on or after the latest date the model has KEPT minus
    var('abm_incremental_lookback_days', 3) days, every row without a usable date (rejected,
    read again each run), every row appended to the extract since the last run (numbered
    after every row the model holds, however old its date) and every row sharing a key with
    those (the duplicate rule ranks all
    rows of a key together). The watermark comes from kept rows only, so a row quarantined as
    future-dated lies after it and is judged again by every later run against that run's
    horizon. The raw table is read in full (it holds the whole history, see
    abm_warehouse/incremental.py): every raw row keeps exactly one base row and the extract
    reconciliation (read = kept + rejected + deleted) holds after every increment.

    kind 'affected' (every model downstream; `date_column`, `upstream`, optional `inputs`,
    `as_of_bound`, `align`, `always`): the window is every row dated on or after the earliest
    date any upstream model CHANGED in this run. `always` names rows rebuilt every run (small
    sources of the touch stream); `align: week` starts the window on a week's first day
    (decay carries a touch into the 12 weeks after it, so the models recompute from the
    earliest affected week); `as_of_bound` also starts it at the day after the earlier of the
    previous and the current as-of date (the calendar, after_as_of_date); `inputs` are small
    models (identity resolution, the target list) that any row may depend on: when their
    content changed since the model's last build, the model is rebuilt in full.

    After each incremental run a model records in `abm_incremental_log` (one row per model,
    in the target's own schema, never published) the earliest date among the rows it actually
    changed (the rows of its window that differ from the stored ones, either way), which the
    next layer reads. A full build (first build, --full-refresh, no log row of this run
    upstream) records `is_full`, and everything downstream is rebuilt in full too. The log is
    kept on DuckDB only (one writer, threads 1): on other engines every incremental model is
    rebuilt in full. A base model also logs the relations it reads: when they change (a schema
    var pointed elsewhere; the demo, then a user's data) it is rebuilt in full, and so is
    everything downstream. -#}


{% macro abm_incremental_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}


{#- is_incremental(), false where there is no relation to build (a dbt unit test) -#}
{% macro _abm_is_incremental() -%}
    {{ return(execute and this is not none and is_incremental()) }}
{%- endmacro %}


{% macro _abm_incremental_settings() -%}
    {{ return((config.get('meta') or {}).get('abm_incremental') or {}) }}
{%- endmacro %}


{#- The log table (created when absent). -#}
{% macro abm_incremental_log() -%}
    {%- set relation = api.Relation.create(
        database=target.database, schema=target.schema, identifier='abm_incremental_log') -%}
    {%- set text_type = dbt.type_string() -%}
    {%- do run_query(
        "create table if not exists " ~ relation ~ " (model_name " ~ text_type ~ ", invocation_id "
        ~ text_type ~ ", is_full boolean, affected_from date, as_of_date date, inputs_hash " ~ text_type ~ ")") -%}
    {{ return(relation) }}
{%- endmacro %}


{#- What a lookback model reads: the relations of its sources, as text. -#}
{% macro _abm_source_fingerprint() -%}
    {%- set relations = [] -%}
    {%- for source_name, table_name in model.sources -%}
        {%- do relations.append(source(source_name, table_name) | string) -%}
    {%- endfor -%}
    {{ return(relations | sort | join(';')) }}
{%- endmacro %}


{#- One text value that changes when the content of the `inputs` models changes. -#}
{% macro abm_inputs_hash(inputs) -%}
    {%- if not inputs -%}
        {{ return('') }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for name in inputs -%}
        {%- set row = run_query(
            "select cast(count(*) as " ~ dbt.type_string() ~ ") || ':' || coalesce(cast("
            ~ abm_row_set_hash('input_rows') ~ " as " ~ dbt.type_string() ~ "), '') from "
            ~ ref(name) ~ " as input_rows").rows[0] -%}
        {%- do parts.append(name ~ '=' ~ row[0]) -%}
    {%- endfor -%}
    {{ return(parts | join(';')) }}
{%- endmacro %}


{#- An aggregate over the rows of `alias` that changes with their content, in any order. -#}
{% macro abm_row_set_hash(alias) -%}
    {{ return(adapter.dispatch('abm_row_set_hash', 'abm_kpi_warehouse')(alias)) }}
{%- endmacro %}

{% macro default__abm_row_set_hash(alias) -%}
    md5(string_agg(md5(cast({{ alias }} as text)), '' order by md5(cast({{ alias }} as text))))
{%- endmacro %}

{% macro duckdb__abm_row_set_hash(alias) -%}
    sum(hash({{ alias }}))
{%- endmacro %}


{% macro _abm_current_as_of() -%}
    {%- if var('as_of_date', none) -%}
        {{ return(var('as_of_date') | string) }}
    {%- endif -%}
    {#- read by name, not through ref(): every model using it is downstream of int_as_of_date
        already (through the calendar or the as_of_date() macro), and a ref would make each of
        its unit tests declare the as-of date as an input -#}
    {%- set relation = adapter.get_relation(
        database=target.database, schema=generate_schema_name('intermediate', none) | trim,
        identifier='int_as_of_date') -%}
    {%- if relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set value = run_query("select cast(max(as_of_date) as " ~ dbt.type_string() ~ ") from " ~ relation).rows[0][0] -%}
    {{ return(value) }}
{%- endmacro %}


{#- Write this model's row of the log (replacing its previous one). -#}
{% macro _abm_log_sql(is_full, affected_from_sql) -%}
    {%- set settings = _abm_incremental_settings() -%}
    {%- set log = abm_incremental_log() -%}
    {%- set as_of = _abm_current_as_of() if settings.get('as_of_bound') else none -%}
    delete from {{ log }} where model_name = '{{ this.identifier }}';
    insert into {{ log }} (model_name, invocation_id, is_full, affected_from, as_of_date, inputs_hash)
    select
        '{{ this.identifier }}',
        '{{ invocation_id }}',
        {{ 'true' if is_full else 'false' }},
        {{ affected_from_sql }},
        {{ "cast('" ~ as_of ~ "' as date)" if as_of else 'cast(null as date)' }},
        '{{ _abm_source_fingerprint() if settings.get('kind') == 'lookback' else abm_inputs_hash(settings.get('inputs', [])) }}'
{%- endmacro %}


{#- pre_hook of every incremental model: a build that is not incremental logs `is_full`. -#}
{% macro abm_log_full_build() -%}
    {%- if execute and target.type == 'duckdb' and not _abm_is_incremental() -%}
        {{ _abm_log_sql(true, 'cast(null as date)') }}
    {%- endif -%}
{%- endmacro %}


{#- kind 'lookback': the window as a SQL predicate on the parsed rows; none when this run is
    not incremental or the model holds no kept row (then every row is read). The window: no
    usable date, dated on or after the latest kept date minus the lookback days, or a raw row
    numbered after every row the model holds (appended to the extract since the last run,
    however old its date). -#}
{% macro abm_lookback_window(date_column) -%}
    {%- if not _abm_is_incremental() or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {#- built from other extracts last time (a schema var changed; the demo, then a user's data):
        the rows held are not this source's, so every row is read again -#}
    {%- set logged = run_query("select inputs_hash from " ~ abm_incremental_log()
        ~ " where model_name = '" ~ this.identifier ~ "'").rows -%}
    {%- if logged | length == 0 or logged[0][0] != _abm_source_fingerprint() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select
            cast(max(case when reject_reason is null and not is_deleted_row
                then cast({{ date_column }} as date) end) as {{ dbt.type_string() }}),
            max(_source_row_number)
        from {{ this }}
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {%- if row[0] is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set cutoff = add_days("cast('" ~ row[0] ~ "' as date)", -1 * (var('abm_incremental_lookback_days', 3) | int)) -%}
    {{ return("(" ~ date_column ~ " is null or cast(" ~ date_column ~ " as date) >= " ~ cutoff
        ~ " or _source_row_number > " ~ row[1] ~ ")") }}
{%- endmacro %}


{#- kind 'lookback': the rows of `relation` (a base model's parsed rows, as a CTE name) that
    this run parses: all of them when not incremental; else the window and every row sharing
    a key with it. -#}
{% macro abm_lookback_rows(relation, date_column, key_column=none) -%}
    {%- set window = abm_lookback_window(date_column) -%}
    select * from {{ relation }}
    {%- if window is not none %}
    where {{ window }}
        {%- if key_column %}
        or {{ key_column }} in (
            select {{ key_column }}
            from {{ relation }}
            where {{ window }}
        )
        {%- endif %}
    {%- endif %}
{%- endmacro %}


{#- kind 'affected': the first day of the window as a SQL date expression, or none when the
    model is rebuilt in full (not incremental, an upstream model rebuilt in full or not run,
    an input changed). When nothing upstream changed it is a day after every row. -#}
{% macro abm_affected_from() -%}
    {%- if not _abm_is_incremental() or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set settings = _abm_incremental_settings() -%}
    {%- set upstream = settings['upstream'] -%}
    {%- set log = abm_incremental_log() -%}
    {%- set query -%}
        select
            count(*),
            sum(case when is_full then 1 else 0 end),
            cast(min(affected_from) as {{ dbt.type_string() }})
        from {{ log }}
        where invocation_id = '{{ invocation_id }}'
            and model_name in ('{{ upstream | join("', '") }}')
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {%- if row[0] < upstream | length or row[1] > 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set own_query -%}
        select inputs_hash, cast(as_of_date as {{ dbt.type_string() }}) from {{ log }} where model_name = '{{ this.identifier }}'
    {%- endset -%}
    {%- set own = run_query(own_query).rows -%}
    {%- if own | length == 0 or own[0][0] != abm_inputs_hash(settings.get('inputs', [])) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set bounds = [] -%}
    {%- if row[2] is not none -%}
        {%- do bounds.append(row[2]) -%}
    {%- endif -%}
    {%- if settings.get('as_of_bound') -%}
        {%- set current_as_of = _abm_current_as_of() -%}
        {%- if own[0][1] is none or current_as_of is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- do bounds.append([own[0][1], current_as_of] | min) -%}
    {%- endif -%}
    {%- set first_day = (bounds | min) if bounds else '9999-12-31' -%}
    {%- set expression = "cast('" ~ first_day ~ "' as date)" -%}
    {%- if settings.get('align') == 'week' -%}
        {%- set expression = "cast(" ~ dbt.date_trunc('week', expression) ~ " as date)" -%}
    {%- endif -%}
    {{ return(expression) }}
{%- endmacro %}


{#- True for a row of an 'affected' window: undated, dated on or after `affected_from`, or
    one of the rows rebuilt every run; for every row when the model is rebuilt in full. -#}
{% macro abm_in_affected_window(date_column, affected_from, always=none) -%}
    {%- if affected_from is none -%}
        {{ return('(1 = 1)') }}
    {%- endif -%}
    ({{ date_column }} is null or cast({{ date_column }} as date) >= {{ affected_from }}
    {%- if always %} or {{ always }}{% endif %})
{%- endmacro %}


{#- The custom incremental strategy of both kinds: log the earliest date among the window's
    rows that changed, delete the window, insert what the run computed. The window is
    computed again from the table and the log, which have not changed since the model's query
    was compiled. -#}
{% macro get_incremental_abm_window_sql(arg_dict) -%}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set settings = _abm_incremental_settings() -%}
    {%- set date_column = settings['date_column'] -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- if settings.get('kind') == 'lookback' -%}
        {%- set window = abm_lookback_window(date_column) -%}
        {%- if window is not none -%}
            {%- if settings.get('key_column') -%}
                {%- set window = '(' ~ window ~ ' or ' ~ settings['key_column'] ~ ' in (select '
                    ~ settings['key_column'] ~ ' from ' ~ temp_relation ~ '))' -%}
            {%- endif -%}
        {%- endif -%}
    {%- else -%}
        {%- set affected_from = abm_affected_from() -%}
        {%- set window = none if affected_from is none
            else abm_in_affected_window(date_column, affected_from, settings.get('always')) -%}
    {%- endif -%}
    {%- if window is none -%}
        {%- set affected_sql = 'cast(null as date)' -%}
    {%- else -%}
        {%- set affected_sql -%}
            (
                select min(cast({{ date_column }} as date))
                from (
                    select * from (
                        select {{ columns_csv }} from {{ target_relation }} where {{ window }}
                        except
                        select {{ columns_csv }} from {{ temp_relation }}
                    ) as removed_rows
                    union all
                    select * from (
                        select {{ columns_csv }} from {{ temp_relation }}
                        except
                        select {{ columns_csv }} from {{ target_relation }} where {{ window }}
                    ) as added_rows
                ) as changed_rows
            )
        {%- endset -%}
    {%- endif -%}
    {%- if target.type == 'duckdb' %}
    {{ _abm_log_sql(window is none, affected_sql) }};
    {%- endif %}

    delete from {{ target_relation }}
    {%- if window is not none %}
    where {{ window }}
    {%- endif %};

    insert into {{ target_relation }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ temp_relation }}
{%- endmacro %}
