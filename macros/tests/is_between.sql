{#- Fails with the rows whose value lies outside [min_value, max_value]; null passes (a ratio
    with a zero denominator is null by convention). Either bound may be omitted. -#}
{% test is_between(model, column_name, min_value=none, max_value=none) -%}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null
        and (
            1 = 0
            {%- if min_value is not none %}
            or {{ column_name }} < {{ min_value }}
            {%- endif %}
            {%- if max_value is not none %}
            or {{ column_name }} > {{ max_value }}
            {%- endif %}
        )
{%- endtest %}
