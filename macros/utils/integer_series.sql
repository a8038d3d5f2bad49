{#- A select of the whole numbers 0 .. upper_bound - 1 in column `n` (upper_bound up to
    10,000), built from cross-joined digits so it runs unchanged on every engine; calendars
    use it to spell out weeks and months. -#}
{% macro integer_series(upper_bound) -%}
    select n
    from (
        select
            thousands.d * 1000 + hundreds.d * 100 + tens.d * 10 + units.d as n
        from {{ _digits() }} as units
        cross join {{ _digits() }} as tens
        cross join {{ _digits() }} as hundreds
        cross join {{ _digits() }} as thousands
    ) as numbers
    where n < {{ upper_bound }}
{%- endmacro %}

{% macro _digits() -%}
    (
        select 0 as d union all select 1 union all select 2 union all select 3
        union all select 4 union all select 5 union all select 6 union all select 7
        union all select 8 union all select 9
    )
{%- endmacro %}
