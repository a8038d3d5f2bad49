{#- The segment of each row of `rows` on a date of its own (docs/kpi_catalogue.md, "On the
    target list on day d"): the tier of the target-list stay (`target_stays`, rows of
    stg_crm__target_accounts or dim_target_list_stays) that covers the row's account on
    `date_column`, else non_target. Should two stays overlap that day, the better tier wins
    (tier_1 before tier_2). Returns one row per distinct `key_columns` of `rows`, with those
    columns and `segment`; a row whose account or date is null is non_target here (the caller
    decides whether such a row has a segment at all). Used as the body of a CTE:

        opportunity_segments as (
            {{ segment_on_date('opportunities', ['opportunity_id'], 'account_id', 'created_date') }}
        ),
-#}
{% macro segment_on_date(rows, key_columns, account_column, date_column, target_stays='target_stays') -%}
    select
        {%- for key in key_columns %}
        {{ rows }}.{{ key }},
        {%- endfor %}
        coalesce(min({{ target_stays }}.segment), 'non_target') as segment
    from {{ rows }}
    left join {{ target_stays }}
        on {{ rows }}.{{ account_column }} = {{ target_stays }}.account_id
            and {{ is_on_target_list(target_stays, rows ~ '.' ~ date_column) }}
    group by
        {%- for key in key_columns %}
        {{ rows }}.{{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}
