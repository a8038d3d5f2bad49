{#- Cast text to `type_name`, giving null instead of an error when the value does not convert
    (e.g. '2025-02-31'). PostgreSQL has no try_cast: the build creates small functions for it
    in an on-run-start hook (create_try_cast_functions). -#}
{% macro try_cast(expr, type_name) -%}
    {{ return(adapter.dispatch('try_cast', 'abm_kpi_warehouse')(expr, type_name)) }}
{%- endmacro %}

{% macro default__try_cast(expr, type_name) -%}
    try_cast({{ expr }} as {{ type_name }})
{%- endmacro %}

{% macro postgres__try_cast(expr, type_name) -%}
    {%- set function_by_type = {'date': 'abm_try_cast_date', 'timestamp': 'abm_try_cast_timestamp'} -%}
    {%- if type_name in function_by_type -%}
        {{ target.schema }}.{{ function_by_type[type_name] }}({{ expr }})
    {%- else -%}
        {#- numbers are regex-validated by the callers, so a plain cast is safe -#}
        cast({{ expr }} as {{ type_name }})
    {%- endif -%}
{%- endmacro %}


{% macro create_try_cast_functions() -%}
    {{ return(adapter.dispatch('create_try_cast_functions', 'abm_kpi_warehouse')()) }}
{%- endmacro %}

{% macro default__create_try_cast_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_try_cast_functions() -%}
    create schema if not exists {{ target.schema }};
    create or replace function {{ target.schema }}.abm_try_cast_date(value text) returns date
    language plpgsql immutable as $$
    begin
        return value::date;
    exception when others then
        return null;
    end;
    $$;
    create or replace function {{ target.schema }}.abm_try_cast_timestamp(value text) returns timestamp
    language plpgsql immutable as $$
    begin
        return value::timestamp;
    exception when others then
        return null;
    end;
    $$;
{%- endmacro %}
