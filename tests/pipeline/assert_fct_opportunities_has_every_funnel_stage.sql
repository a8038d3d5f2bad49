-- fct_opportunities pivots the entry / exit dates and days of each open funnel stage of the
-- stage_mapping seed into columns; this fails with the open funnel stages it does not pivot.
{%- set pivoted = ['prospecting', 'discovery', 'evaluation', 'proposal', 'negotiation'] %}
select distinct funnel_stage
from {{ ref('stage_mapping') }}
where not is_closed
    and funnel_stage not in ({% for stage in pivoted %}'{{ stage }}'{{ ',' if not loop.last }}{% endfor %})
