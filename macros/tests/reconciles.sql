{#- Fails with the rows where `left_expression` differs from `right_expression` (both SQL
    over the model's columns), e.g. rows_read = rows_kept + rows_rejected + rows_deleted. -#}
{% test reconciles(model, left_expression, right_expression) -%}
    select *
    from {{ model }}
    where coalesce({{ left_expression }}, 0) <> coalesce({{ right_expression }}, 0)
{%- endtest %}
