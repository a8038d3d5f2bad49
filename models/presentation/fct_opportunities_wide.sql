{#- fct_opportunities with, for each open funnel stage of the stage_mapping seed (is_closed
    false, in stage_order), three columns: `<stage>_entered_date`, `<stage>_exited_date` and
    `<stage>_days` (from fct_opportunity_stages; null when the opportunity never entered the
    stage), for BI tools that want the stages side by side, and open_stages_entered. The stage
    columns are generated from the seed when the model is compiled (seed_vocabulary), so this
    model has no fixed column list and no contract; the governed, contracted facts are
    fct_opportunities and fct_opportunity_stages. A stage name becomes a column stem through
    column_stem(). -#}
{%- set stages = seed_vocabulary('stage_mapping', 'funnel_stage', where='not is_closed', order_by='stage_order') %}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

opportunity_stages as (

    select * from {{ ref('fct_opportunity_stages') }}

),

stages_pivoted as (

    select
        opportunity_id,
        {%- for stage in stages %}
            max(case when funnel_stage = '{{ stage }}' then entered_date end) as {{ column_stem(stage) }}_entered_date,
            max(case when funnel_stage = '{{ stage }}' then exited_date end) as {{ column_stem(stage) }}_exited_date,
            max(case when funnel_stage = '{{ stage }}' then days_in_stage end) as {{ column_stem(stage) }}_days,
        {%- endfor %}
        sum(case when is_closed_stage then 0 else 1 end) as open_stages_entered
    from opportunity_stages
    group by opportunity_id

),

final as (

    select
        opportunities.*,
        {%- for stage in stages %}
            stages_pivoted.{{ column_stem(stage) }}_entered_date,
            stages_pivoted.{{ column_stem(stage) }}_exited_date,
            stages_pivoted.{{ column_stem(stage) }}_days,
        {%- endfor %}
        cast(coalesce(stages_pivoted.open_stages_entered, 0) as bigint) as open_stages_entered
    from opportunities
    left join stages_pivoted
        on opportunities.opportunity_id = stages_pivoted.opportunity_id

)

select * from final
