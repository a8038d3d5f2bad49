{#- Every raw row that staging did not keep for a reason other than deletion: the extract, the
    row's key as delivered, its position in the raw table and the first rule it broke. -#}
{%- set extracts = audited_extracts() %}

with

{% for extract in extracts %}
    {{ extract.base }} as (

        select * from {{ ref(extract.base) }}

    ),

{% endfor -%}

rejected_rows as (

    {%- for extract in extracts %}
        select
            extract_name,
            source_key,
            cast(_source_row_number as {{ dbt.type_bigint() }}) as source_row_number,
            reject_reason
        from {{ extract.base }}
        where reject_reason is not null
            and not is_deleted_row
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        extract_name,
        source_key,
        source_row_number,
        reject_reason,
        {{ dbt.split_part('reject_reason', "':'", 1) }} as reject_rule
    from rejected_rows

)

select * from final
