{#- The base model of an extract, generated from its declaration in the sources YAML (through
    abm_extract_contract, macros/staging/extract_contract.sql). One row per raw row: parsed,
    ranked among the rows with the same key, and flagged with the first rule it breaks.

        {{ base_extract('crm', 'account') }}

    Chain: source (select_extract) -> parsed (every column typed; deletion flags) ->
    looked_up (stage and currency seeds, when declared) -> keyed (a composite key as one
    column) -> in_lookback_window (only in an incremental event extract: the rows of its
    lookback window, macros/incremental/lookback_window.sql) -> ranked (per key, deleted and
    live rows apart: latest modification time first, then the greatest content hash) ->
    flagged (reject_reason) -> [versioned] -> final.

    Column meta (sources YAML, `config: {meta: {...}}`):
      required: true       the column must exist and hold a value (a missing value is a reject)
      type:                text (default) | code | integer | number | money | date | month |
                           timestamp | boolean | currency | stage | domain | email | deleted_flag
      as: <name>           the base model's column name (default: the raw name)
      case: lower|upper    text and code values are lower- or upper-cased
      values: [...]        allowed values of a code or integer (declared spelling is kept)
      pattern: '<regex>'   allowed form of a code
      range: [lo, hi]      allowed range of a number (else it must not be negative)
      micros: true         money delivered in millionths (divided by 1,000,000)
      default: false|<var> the value of an absent boolean, or the var naming an absent currency
      event_date: true     the extract's event date: after the event-date horizon is a reject
      date_as / domain_as / valid_as: <name>
                           also give the date of a timestamp, the domain of a website or email,
                           whether an email is valid
      key_readable: raw    a key part shown in source_key as delivered (not normalized)
    Table meta: key: [columns] (key_column: <name> when there are several), modified_at:
    <column> (the newest row wins among duplicates), versioned_by: <column> (every version is
    kept; the latest kept one is current), reject_order: [columns] (the order in which the
    rules are checked; default: the key, then required columns, then optional ones).

    Arguments for what a declaration cannot say:
      overrides      {column: sql}: replaces a column's expression in `final`, or adds a column
      rejects        [{after: <raw column>, when: <sql>, reason: <text>}]: a cross-column rule,
                     checked right after the rules of `after`
      source_filter  a condition on the raw rows (text columns, _row_hash, _source_row_number),
                     e.g. the new rows of an incremental model -#}
{% macro base_extract(source_name, table_name, overrides={}, rejects=[], source_filter=none) -%}
    {%- set extract = abm_extract(source_name, table_name) -%}
    {%- set extract_name = source_name ~ '__' ~ table_name -%}
    {%- set columns = base_extract_columns(extract) -%}
    {%- set table_meta = extract.meta -%}
    {%- set by_name = {} -%}
    {%- for column in columns -%}{%- do by_name.update({column.name: column}) -%}{%- endfor -%}
    {%- set key_columns = [] -%}
    {%- for name in table_meta.get('key', []) -%}{%- do key_columns.append(by_name[name]) -%}{%- endfor -%}
    {%- if key_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("Extract " ~ extract_name ~ " declares no key (meta: {key: [...]}) in its _sources.yml") }}
    {%- endif -%}
    {%- set is_composite = key_columns | length > 1 -%}
    {%- set key_id = table_meta.key_column if is_composite else key_columns[0].parsed -%}
    {%- set types = columns | map(attribute='type') | list -%}
    {%- set has_event_date = columns | selectattr('event_date') | list | length > 0 -%}
    {%- set pass_through_var = source_name ~ '_' ~ table_name ~ '_pass_through_columns' -%}
    {%- set versioned_by = table_meta.get('versioned_by') -%}
    {%- set deletion_flags = columns | selectattr('type', 'equalto', 'deleted_flag') | list -%}
with

source as (

    {%- if source_filter %}

    select * from (
        {{ select_extract(source_name, table_name) }}
    ) as extract_rows
    where {{ source_filter }}
    {%- else %}

    {{ select_extract(source_name, table_name) }}
    {%- endif %}

),
{%- if has_event_date %}

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),
{%- endif %}
{%- if 'currency' in types %}

fx_rates as (

    select * from {{ ref('fx_rates') }}

),

known_currencies as (

    select distinct upper(trim(currency_code)) as currency_code
    from fx_rates

),
{%- endif %}
{%- if 'stage' in types %}

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

known_stages as (

    -- one row per stage name, so the lookup below can never duplicate a row
    select
        lower(trim(stage_name)) as stage_name_key,
        min(trim(stage_name)) as stage_name
    from stage_mapping
    group by 1

),
{%- endif %}

parsed as (

    select
        {%- for column in columns %}
        {{ column.parse_sql }} as {{ column.parsed_alias }},
        {%- for extra_name, extra_sql in column.parsed_extras %}
        {{ extra_sql }} as {{ extra_name }},
        {%- endfor %}
        {%- if column.type != 'text' or column in key_columns %}
        nullif(trim({{ column.name }}), '') as {{ column.raw }},
        {%- endif %}
        {%- endfor %}
        {%- for column in deletion_flags %}
        coalesce({{ parse_boolean(column.name) }}, false){{ ' or' if not loop.last }}
        {%- else %}
        false
        {%- endfor %} as is_deleted_row,
        _row_hash,
        _source_row_number
    {{ pass_through_parsed(pass_through_var) }}
    from source

),
{%- set ns = namespace(previous='parsed') %}
{%- if 'currency' in types or 'stage' in types %}

looked_up as (

    -- the only joins in staging: lookups in configuration seeds (pre-aggregated to one row per
    -- key, so no row is duplicated)
    select
        parsed.*
        {%- for column in columns if column.type == 'stage' %},
        -- the seed's spelling of a known stage, so downstream joins on stage_name are exact
        coalesce(known_stages.stage_name, parsed.{{ column.raw }}) as {{ column.parsed }},
        known_stages.stage_name is not null as is_known_{{ column.parsed }}
        {%- endfor %}
        {%- for column in columns if column.type == 'currency' %},
        (
            parsed.{{ column.parsed }} = '{{ var("reporting_currency") }}'
            or known_currencies.currency_code is not null
        ) as is_known_{{ column.parsed }}
        {%- endfor %}
    from parsed
    {%- for column in columns if column.type == 'stage' %}
    left join known_stages
        on parsed.{{ column.parsed_alias }} = known_stages.stage_name_key
    {%- endfor %}
    {%- for column in columns if column.type == 'currency' %}
    left join known_currencies
        on parsed.{{ column.parsed }} = known_currencies.currency_code
    {%- endfor %}

),
{%- set ns.previous = 'looked_up' %}
{%- endif %}
{%- if is_composite %}

keyed as (

    -- the key as one column, and as the row delivered it ('A1|2024-01-31') for source_key
    select
        *,
        {{ dbt.concat(base_extract_key_parts(key_columns, readable=false)) }} as {{ key_id }},
        {{ dbt.concat(base_extract_key_parts(key_columns, readable=true)) }} as readable_key
    from {{ ns.previous }}

),
{%- set ns.previous = 'keyed' %}
{%- endif %}
{%- set incremental = (config.get('meta') or {}).get('abm_incremental') or {} %}
{%- if incremental.get('kind') == 'lookback' %}

in_lookback_window as (

    -- an incremental run parses only its lookback window (macros/incremental/lookback_window.sql)
    {{ abm_lookback_rows(ns.previous, incremental.date_column, incremental.get('key_column')) }}

),
{%- set ns.previous = 'in_lookback_window' %}
{%- endif %}

ranked as (

    -- deleted and live rows are ranked apart: a deleted copy never makes a live row a
    -- duplicate; among duplicates the latest modification time (when the extract has one),
    -- then the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by {{ key_id }}, is_deleted_row
            order by
                {%- if table_meta.get('modified_at') %} {{ by_name[table_meta.modified_at].parsed }} desc nulls last,{% endif %} _row_hash desc
        ) as key_rank
    from {{ ns.previous }}

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            {%- for condition, reason in base_extract_rules(columns, key_columns, table_meta, rejects) %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
        end as reject_reason
    from ranked

),
{%- set ns.previous = 'flagged' %}
{%- if versioned_by %}

versioned as (

    -- the current version is the latest kept one: a rejected or deleted row never hides it
    select
        *,
        (reject_reason is null and not is_deleted_row) and row_number() over (
            partition by
                {%- for column in key_columns if column.name != versioned_by %} {{ column.parsed }},{% endfor %}
                (reject_reason is null and not is_deleted_row)
            order by {{ by_name[versioned_by].parsed }} desc, _row_hash desc
        ) = 1 as is_current_version
    from flagged

),
{%- set ns.previous = 'versioned' %}
{%- endif %}

final as (

    select
        '{{ extract_name }}' as extract_name,
        {{ 'readable_key' if is_composite else key_id }} as source_key,
        {%- if is_composite %}
        {{ key_id }},
        {%- endif %}
        {%- for column in columns if column.type != 'deleted_flag' %}
        {{ (overrides[column.parsed] | trim) if column.parsed in overrides else column.final_sql }} as {{ column.parsed }},
        {%- for extra_name, extra_sql in column.final_extras %}
        {{ extra_sql }} as {{ extra_name }},
        {%- endfor %}
        {%- endfor %}
        {%- for name, sql in overrides.items() if name not in (columns | map(attribute='parsed') | list) %}
        {{ sql | trim }} as {{ name }},
        {%- endfor %}
        {%- if versioned_by %}
        is_current_version,
        {%- endif %}
        is_deleted_row,
        reject_reason,
        _source_row_number
    {{ pass_through_selected(pass_through_var) }}
    from {{ ns.previous }}

)

select * from final
{%- endmacro %}


{#- The contract entry (macros/staging/extract_contract.sql) of one extract. -#}
{% macro abm_extract(source_name, table_name) -%}
    {%- for extract in abm_extract_contract() -%}
        {%- if extract.source == source_name and extract.table == table_name -%}
            {{ return(extract) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "Extract " ~ source_name ~ "__" ~ table_name ~ " is not in abm_extract_contract(): declare it in "
        ~ "models/staging/" ~ source_name ~ "/_" ~ source_name ~ "__sources.yml and run "
        ~ "`python -m abm_warehouse.base_contract`") }}
{%- endmacro %}


{#- Every declared column of an extract with what the base model does with it: its name in
    the model (`parsed`), the raw text (`raw`), how it is parsed and selected. -#}
{% macro base_extract_columns(extract) -%}
    {%- set extract_name = extract.source ~ '__' ~ extract.table -%}
    {%- set columns = [] -%}
    {%- for declared in extract.columns -%}
        {%- set meta = declared.meta -%}
        {%- set name = declared.name -%}
        {%- set type = meta.get('type', 'text') -%}
        {%- set values = meta.get('values', []) -%}
        {%- set lowered = meta.get('case') == 'lower'
              or (type == 'code' and values | length > 0 and values | select('string') | map('lower') | list == values) -%}
        {%- if type == 'deleted_flag' -%}
            {%- set parsed = 'is_' ~ (name | replace('is_', '') | trim('_')) -%}
        {%- else -%}
            {%- set parsed = meta.get('as', name) -%}
        {%- endif -%}
        {%- set text = "nullif(trim(" ~ name ~ "), '')" -%}
        {%- if type in ('timestamp',) -%}
            {%- set parse_sql = parse_timestamp(name, extract_name) -%}
        {%- elif type == 'date' -%}
            {%- set parse_sql = parse_date(name, extract_name) -%}
        {%- elif type == 'month' -%}
            {#- a month arrives as a date ('2025-01-01') or as a bare month ('2025-01') -#}
            {%- set as_date = parse_date("case when " ~ regexp_like('trim(' ~ name ~ ')', "'^[0-9]{4}-[0-9]{2}$'")
                ~ " then " ~ dbt.concat(['trim(' ~ name ~ ')', "'-01'"]) ~ " else " ~ name ~ " end", extract_name) -%}
            {%- set parse_sql = 'cast(' ~ dbt.date_trunc('month', as_date) ~ ' as date)' -%}
        {%- elif type in ('boolean', 'deleted_flag') -%}
            {%- set parse_sql = parse_boolean(name) -%}
        {%- elif type == 'integer' -%}
            {%- set parse_sql = parse_integer(name) -%}
        {%- elif type in ('number', 'money') -%}
            {%- set parse_sql = parse_number(name) -%}
        {%- elif type == 'domain' -%}
            {%- set parse_sql = normalize_domain(name) -%}
        {%- elif type == 'email' -%}
            {%- set parse_sql = normalize_email(name) -%}
        {%- elif type == 'currency' and meta.get('default') -%}
            {%- set parse_sql = "coalesce(upper(" ~ text ~ "), '" ~ var(meta.default, var('reporting_currency')) ~ "')" -%}
        {%- elif type == 'currency' or meta.get('case') == 'upper' -%}
            {%- set parse_sql = 'upper(' ~ text ~ ')' -%}
        {%- elif type == 'code' and values | length > 0 and not lowered -%}
            {#- matched whatever the case, given in the declared spelling; unknown -> null -#}
            {%- set parse_sql -%}
                case lower(trim({{ name }}))
                    {%- for value in values %}
                    when '{{ value | lower }}' then '{{ value }}'
                    {%- endfor %}
                end
            {%- endset -%}
        {%- elif lowered -%}
            {%- set parse_sql = 'lower(' ~ text ~ ')' -%}
        {%- elif type == 'stage' -%}
            {#- here the lookup key; looked_up gives the seed's spelling -#}
            {%- set parse_sql = 'lower(trim(' ~ name ~ '))' -%}
        {%- else -%}
            {%- set parse_sql = text -%}
        {%- endif -%}

        {%- set parsed_extras = [] -%}
        {%- set final_extras = [] -%}
        {%- if meta.get('domain_as') -%}
            {%- do parsed_extras.append((meta.domain_as, email_domain(name) if type == 'email' else normalize_domain(name))) -%}
            {%- do final_extras.append((meta.domain_as, meta.domain_as)) -%}
        {%- endif -%}
        {%- if meta.get('valid_as') -%}
            {#- a malformed email keeps the row (the data-quality KPI counts it); no email -> null -#}
            {%- do parsed_extras.append((meta.valid_as, 'case when ' ~ text ~ ' is not null then ' ~ normalize_email(name) ~ ' is not null end')) -%}
            {%- do final_extras.append((meta.valid_as, meta.valid_as)) -%}
        {%- endif -%}
        {%- if meta.get('date_as') -%}
            {%- do final_extras.append((meta.date_as, 'cast(' ~ parsed ~ ' as date)')) -%}
        {%- endif -%}

        {%- if type == 'boolean' and 'default' in meta -%}
            {%- set final_sql = 'coalesce(' ~ parsed ~ ', ' ~ (meta.default | string | lower) ~ ')' -%}
        {%- elif meta.get('micros') -%}
            {%- set final_sql = 'cast(' ~ parsed ~ ' / 1000000 as ' ~ dbt.type_numeric() ~ ')' -%}
        {%- else -%}
            {%- set final_sql = parsed -%}
        {%- endif -%}

        {%- do columns.append({
            'name': name,
            'type': type,
            'meta': meta,
            'required': meta.get('required', false),
            'event_date': meta.get('event_date', false),
            'lowered': lowered,
            'values': values,
            'parsed': parsed,
            'parsed_alias': (parsed ~ '_key') if type == 'stage' else parsed,
            'raw': 'raw_' ~ name,
            'parse_sql': parse_sql,
            'parsed_extras': parsed_extras,
            'final_extras': final_extras,
            'final_sql': final_sql,
        }) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{#- The parts of a composite key for dbt.concat: the key itself (`readable` false) or the key
    as the row delivered it, for source_key (a part that did not parse shows its raw text). -#}
{% macro base_extract_key_parts(key_columns, readable) -%}
    {%- set parts = [] -%}
    {%- for column in key_columns -%}
        {%- set is_dated = column.type in ('date', 'timestamp', 'month') -%}
        {%- set value = ('cast(' ~ column.parsed ~ ' as ' ~ dbt.type_string() ~ ')') if is_dated else column.parsed -%}
        {%- if not column.required -%}
            {%- set part = "coalesce(" ~ value ~ ", '')" -%}
        {%- elif not readable -%}
            {%- set part = value -%}
        {%- elif column.meta.get('key_readable') == 'raw' -%}
            {%- set part = "coalesce(" ~ column.raw ~ ", '')" -%}
        {%- elif is_dated or column.type == 'domain' -%}
            {%- set part = "coalesce(" ~ value ~ ", " ~ column.raw ~ ", '')" -%}
        {%- else -%}
            {%- set part = "coalesce(" ~ value ~ ", '')" -%}
        {%- endif -%}
        {%- if not loop.first %}{% do parts.append("'|'") %}{% endif -%}
        {%- do parts.append(part) -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}


{#- The rules of one column, as (condition, reject reason) pairs; `as_key_part` leaves out the
    null check a key part already had (null_key). -#}
{% macro base_extract_column_rules(column, as_key_part=false) -%}
    {%- set p = column.parsed -%}
    {%- set r = column.raw -%}
    {%- set name = column.name -%}
    {%- set type = column.type -%}
    {%- set required = column.required -%}
    {%- set meta = column.meta -%}
    {%- set rules = [] -%}
    {%- if type in ('date', 'timestamp', 'month') -%}
        {%- set reason = 'invalid_' ~ ('timestamp' if type == 'timestamp' else 'date') ~ ':' ~ name -%}
        {%- do rules.append((p ~ ' is null' if required else r ~ ' is not null and ' ~ p ~ ' is null', reason)) -%}
        {%- if column.event_date -%}
            {%- do rules.append((is_after_event_horizon(p), 'future_date:' ~ name)) -%}
        {%- endif -%}
    {%- elif type in ('boolean', 'deleted_flag') -%}
        {%- do rules.append((p ~ ' is null' if required else r ~ ' is not null and ' ~ p ~ ' is null', 'unknown_code:' ~ name)) -%}
    {%- elif type in ('integer', 'number', 'money') and column['values'] | length > 0 -%}
        {%- do rules.append((p ~ ' is null or ' ~ p ~ ' not in (' ~ (column['values'] | join(', ')) ~ ')', 'unknown_code:' ~ name)) -%}
    {%- elif type in ('integer', 'number', 'money') -%}
        {%- do rules.append((p ~ ' is null' if required else r ~ ' is not null and ' ~ p ~ ' is null', 'invalid_number:' ~ name)) -%}
        {%- if meta.get('range') -%}
            {%- do rules.append((p ~ ' < ' ~ meta.range[0] ~ ' or ' ~ p ~ ' > ' ~ meta.range[1], 'unknown_code:' ~ name)) -%}
        {%- else -%}
            {%- do rules.append((p ~ ' < 0', ('negative_amount:' if type == 'money' else 'negative_number:') ~ name)) -%}
        {%- endif -%}
    {%- elif type == 'currency' -%}
        {%- if required and not meta.get('default') -%}
            {%- do rules.append((p ~ ' is null', 'null_value:' ~ name)) -%}
        {%- endif -%}
        {%- do rules.append(('not is_known_' ~ p, 'unknown_currency')) -%}
    {%- elif type == 'stage' -%}
        {%- do rules.append(('not is_known_' ~ p, 'unknown_stage_name')) -%}
    {%- elif type == 'domain' -%}
        {%- if required -%}
            {%- do rules.append((p ~ ' is null', 'unknown_code:' ~ name)) -%}
        {%- endif -%}
    {%- elif type == 'email' -%}
        {%- if required -%}
            {%- do rules.append((p ~ ' is null', 'invalid_email')) -%}
        {%- endif -%}
    {%- elif column.lowered and (column['values'] | length > 0 or meta.get('pattern')) -%}
        {%- if column['values'] | length > 0 -%}
            {%- set unknown = p ~ " not in ('" ~ (column['values'] | join("', '")) ~ "')" -%}
        {%- else -%}
            {%- set unknown = 'not ' ~ regexp_like(p, "'" ~ meta.pattern ~ "'") -%}
        {%- endif -%}
        {%- if as_key_part -%}
            {%- do rules.append((unknown, 'unknown_code:' ~ name)) -%}
        {%- else -%}
            {%- do rules.append(((p ~ ' is null or ' if required else p ~ ' is not null and ') ~ unknown, 'unknown_code:' ~ name)) -%}
        {%- endif -%}
    {%- elif type == 'code' -%}
        {%- do rules.append((p ~ ' is null' if required else r ~ ' is not null and ' ~ p ~ ' is null', 'unknown_code:' ~ name)) -%}
    {%- elif required and not as_key_part -%}
        {%- do rules.append((p ~ ' is null', 'null_value:' ~ name)) -%}
    {%- endif -%}
    {{ return(rules) }}
{%- endmacro %}


{#- Every rule of an extract in the order it is checked: null_key, the rules of the key's
    required parts, duplicate_key, then the other columns (reject_order, else the required
    columns before the optional ones, each in declared order), with each cross-column rule
    right after the column it names. -#}
{% macro base_extract_rules(columns, key_columns, table_meta, rejects) -%}
    {%- set rules = [] -%}
    {%- set required_key = key_columns | selectattr('required') | list -%}
    {%- if key_columns | length == 1 -%}
        {%- do rules.append((key_columns[0].parsed ~ ' is null', 'null_key')) -%}
    {%- else -%}
        {%- do rules.append((required_key | map(attribute='raw') | map('string') | join(' is null or ') ~ ' is null', 'null_key')) -%}
    {%- endif -%}
    {%- for column in required_key -%}
        {%- for rule in base_extract_column_rules(column, as_key_part=true) -%}
            {%- do rules.append(rule) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do rules.append(('key_rank > 1', 'duplicate_key')) -%}

    {%- set key_names = required_key | map(attribute='name') | list -%}
    {%- set ordered = [] -%}
    {%- for name in table_meta.get('reject_order', []) -%}
        {%- do ordered.append(columns | selectattr('name', 'equalto', name) | first) -%}
    {%- endfor -%}
    {%- for column in columns if column.required and column not in ordered and column.name not in key_names -%}
        {%- do ordered.append(column) -%}
    {%- endfor -%}
    {%- for column in columns if not column.required and column not in ordered and column.name not in key_names -%}
        {%- do ordered.append(column) -%}
    {%- endfor -%}
    {%- for column in ordered -%}
        {%- for rule in base_extract_column_rules(column) -%}
            {%- do rules.append(rule) -%}
        {%- endfor -%}
        {%- for reject in rejects if reject.after == column.name -%}
            {%- do rules.append((reject.when, reject.reason)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}
