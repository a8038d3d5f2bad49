{#- One row per extract: rows read from the raw table, kept by staging, rejected (see
    audit_extract_rejects) and deleted upstream. rows_read is counted on the raw table itself,
    so a staging model that lost rows through a bad filter or join shows up as a gap. -#}
{%- set extracts = audited_extracts() %}

with

{% for extract in extracts %}
    {{ extract.base }}_counts as (

        select
            '{{ extract.source }}__{{ extract.table }}' as extract_name,
            (select rows_read from ({{ count_extract_rows(extract.source, extract.table) }}) as raw_rows) as rows_read,
            (select count(*) from {{ ref(extract.staging) }}) as rows_kept,
            sum(case when reject_reason is not null and not is_deleted_row then 1 else 0 end) as rows_rejected,
            sum(case when is_deleted_row then 1 else 0 end) as rows_deleted
        from {{ ref(extract.base) }}

    ),

{% endfor -%}

unioned as (

    {%- for extract in extracts %}
        select * from {{ extract.base }}_counts
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        extract_name,
        cast(rows_read as {{ dbt.type_bigint() }}) as rows_read,
        cast(rows_kept as {{ dbt.type_bigint() }}) as rows_kept,
        cast(coalesce(rows_rejected, 0) as {{ dbt.type_bigint() }}) as rows_rejected,
        cast(coalesce(rows_deleted, 0) as {{ dbt.type_bigint() }}) as rows_deleted
    from unioned

)

select * from final
