-- depends_on: {{ ref('fct_account_engagement_weeks') }}
-- Every channel of the engagement-weights seed has a <channel>_points column in
-- fct_account_engagement_weeks (the column list is fixed in that model). Returns the channels
-- of the seed without a column: add them to the model's `channels` list and its contract.
{%- set channel_columns = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(ref('fct_account_engagement_weeks')) -%}
        {%- if column.name | lower is string and (column.name | lower).endswith('_points') and column.name | lower != 'week_points' -%}
            {%- do channel_columns.append((column.name | lower)[:-7]) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}
select channel
from {{ ref('int_engagement_channels_capped') }}
{%- if channel_columns | length > 0 %}
where channel not in ('{{ channel_columns | join("', '") }}')
{%- endif %}
