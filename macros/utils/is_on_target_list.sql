{#- True when the target-list stay `stay_alias` (a row of stg_crm__target_accounts) covers the
    day `date_expr`: added on or before it, and not yet removed (a null removed_date means the
    account is still on the list). -#}
{% macro is_on_target_list(stay_alias, date_expr) -%}
    ({{ stay_alias }}.added_date <= {{ date_expr }}
        and ({{ stay_alias }}.removed_date is null or {{ stay_alias }}.removed_date > {{ date_expr }}))
{%- endmacro %}
