{#- Text → UTC timestamp without time zone. Accepts ISO 8601: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS'
    or 'YYYY-MM-DDTHH:MM:SS', with optional fractional seconds (dropped) and an optional zone:
    a UTC marker (Z, UTC, +00, +00:00) or an offset (+02:00, -0530, +02), which is converted to
    UTC ('2025-03-01T10:00:00+02:00' → 2025-03-01 08:00:00). With the extract's `date_order`
    format (see extract_formats) 'MM/DD/YYYY[ HH:MM[:SS]]' or 'DD/MM/YYYY[ ...]' is read as UTC
    too. Anything else, or an impossible time, parses to null and the row is rejected. -#}
{% macro parse_timestamp(expr, extract_name=none) -%}
    {%- set text = 'trim(' ~ expr ~ ')' -%}
    {%- set local_time = try_cast("replace(substr(" ~ text ~ ", 1, 19), 'T', ' ')", 'timestamp') -%}
    {%- set zone = "regexp_replace(" ~ text ~ ", '^.*[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})? ?', '')" -%}
    {%- set zone_digits = "replace(substr(" ~ zone ~ ", 2), ':', '')" -%}
    {%- set offset_minutes -%}
        (case when substr({{ zone }}, 1, 1) = '-' then -1 else 1 end)
        * (
            cast(substr({{ zone_digits }}, 1, 2) as integer) * 60
            + coalesce(cast(nullif(substr({{ zone_digits }}, 3, 2), '') as integer), 0)
        )
    {%- endset -%}
    {%- set date_order = extract_format('date_order', extract_name) -%}
    case
        when {{ regexp_like(text, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?)? ?(Z|z|UTC|[+-]00(:?00)?)?$'") }}
            then {{ local_time }}
        when {{ regexp_like(text, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})? ?[+-][0-9]{2}(:?[0-9]{2})?$'") }}
            then {{ add_minutes(local_time, '-1 * ' ~ offset_minutes) }}
        {%- if date_order in ('MDY', 'DMY') %}
        when {{ regexp_like(text, slashed_date_pattern(true)) }}
            then {{ try_cast(slashed_date_to_iso(text, date_order), 'timestamp') }}
        {%- endif %}
    end
{%- endmacro %}
