{#- Incremental event extracts (web events, email events, intent signals).

    A scheduled build reads each event extract in full (the extract file holds the whole
    history), but parses only its LOOKBACK WINDOW: the rows dated on or after the latest date
    this model has KEPT, minus var('abm_incremental_lookback_days', 3) days, plus
    - the rows without a usable date (they are rejected; read again every run),
    - the rows that share a key with a row in the window (the duplicate rule ranks every row
      of a key together: the latest modification, then the greatest content hash).
    The watermark is taken from kept rows only: a row quarantined as future-dated lies after
    every kept row, so it stays in the window and is judged again by every later run, against
    that run's horizon.

    Rows before the window stay as earlier runs parsed them; the window is deleted from the
    table and inserted again (strategy `abm_lookback_window` below), so a row read again
    replaces itself and every raw row still has exactly one base row: the reconciliation
    (read = kept + rejected + deleted) holds after every increment.

    Model config: materialized='incremental', incremental_strategy='abm_lookback_window',
    meta={'abm_lookback': {'date_column': <the parsed event date or time>, 'key_column': <the key, or
    none when the key holds the date>}}. -#}


{#- The first day of the window, as a SQL date expression; none when this run is not
    incremental or the model holds no kept row (then every row is read). -#}
{% macro abm_lookback_cutoff(date_column) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select cast(max(cast({{ date_column }} as date)) as {{ dbt.type_string() }})
        from {{ this }}
        where reject_reason is null
            and not is_deleted_row
    {%- endset -%}
    {%- set latest_kept = run_query(query).columns[0].values()[0] -%}
    {%- if latest_kept is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(add_days("cast('" ~ latest_kept ~ "' as date)", -1 * (var('abm_incremental_lookback_days', 3) | int))) }}
{%- endmacro %}


{#- True for a row in the window: no usable date, or dated on or after `cutoff`. -#}
{% macro abm_in_lookback_window(date_column, cutoff) -%}
    ({{ date_column }} is null or cast({{ date_column }} as date) >= {{ cutoff }})
{%- endmacro %}


{#- The rows of `relation` (a base model's parsed rows, as a CTE name) that this run parses:
    all of them when not incremental; else the window and every row sharing a key with it. -#}
{% macro abm_lookback_rows(relation, date_column, key_column=none) -%}
    {%- set cutoff = abm_lookback_cutoff(date_column) -%}
    select * from {{ relation }}
    {%- if cutoff is not none %}
    where {{ abm_in_lookback_window(date_column, cutoff) }}
        {%- if key_column %}
        or {{ key_column }} in (
            select {{ key_column }}
            from {{ relation }}
            where {{ abm_in_lookback_window(date_column, cutoff) }}
        )
        {%- endif %}
    {%- endif %}
{%- endmacro %}


{#- Custom incremental strategy: delete the window (and the keys read again) from the table,
    then insert what this run parsed. The cutoff is computed again from the table, which has
    not changed since the model's query was compiled. -#}
{% macro get_incremental_abm_lookback_window_sql(arg_dict) -%}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set settings = (config.get('meta') or {}).get('abm_lookback') -%}
    {%- set date_column = settings['date_column'] -%}
    {%- set key_column = settings.get('key_column') -%}
    {%- set cutoff = abm_lookback_cutoff(date_column) -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target_relation }}
    {%- if cutoff is not none %}
    where {{ abm_in_lookback_window(date_column, cutoff) }}
        {%- if key_column %}
        or {{ key_column }} in (select {{ key_column }} from {{ temp_relation }})
        {%- endif %}
    {%- endif %};

    insert into {{ target_relation }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ temp_relation }}
{%- endmacro %}


{#- The materialization of the incremental event models: plain tables on Spark, whose Parquet
    tables cannot delete rows (a Spark build is always a full build). -#}
{% macro abm_incremental_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
