{#- A website, URL or bare domain → its normalized domain: lowercased; scheme, 'www.', port,
    path, query, fragment and trailing dot removed. Null when what is left is not a domain
    (no dot, or characters a host name cannot have). -#}
{% macro normalize_domain(expr) -%}
    {%- set stripped -%}
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(lower(trim({{ expr }})), '^[a-z][a-z0-9+.-]*://', ''),
                    '[/:?#].*$', ''
                ),
                '^www[.]', ''
            ),
            '[.]+$', ''
        )
    {%- endset -%}
    case
        when {{ regexp_like(stripped, "'^[a-z0-9-]+([.][a-z0-9-]+)+$'") }}
            then {{ stripped }}
    end
{%- endmacro %}
