{#- The distinct values of one column of a configuration seed, read from the warehouse when the
    model is compiled, in the seed's order (`order_by`, then the value): the vocabulary a wide
    model pivots into columns. The configuration seeds are the team's to edit, so no model lists
    a channel or a funnel stage by hand. `where` filters the seed's rows. Returns [] while dbt
    only parses the project, or before the seed is loaded (a linter compiling without a
    warehouse sees the model without its pivoted columns). -#}
{% macro seed_vocabulary(seed_name, column, where=none, order_by=none) -%}
    {#- ref() before the execute check, so that dbt records the dependency while parsing. -#}
    {%- set seed_relation = ref(seed_name) -%}
    {%- if not execute or load_relation(seed_relation) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select {{ column }} as vocabulary_value, min({{ order_by or column }}) as sort_key
        from {{ seed_relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
        group by {{ column }}
        order by 2, 1
    {%- endset -%}
    {%- set values = [] -%}
    {%- for row in run_query(query).rows -%}
        {%- if row[0] is not none -%}
            {%- do values.append(row[0] | string) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(values) }}
{%- endmacro %}


{#- A seed value as the stem of a column name: lowercase, every run of characters other than
    a-z, 0-9 and _ becomes one _ ('Paid Social' → paid_social). -#}
{% macro column_stem(value) -%}
    {{- return(modules.re.sub('[^a-z0-9_]+', '_', value | lower).strip('_')) -}}
{%- endmacro %}
