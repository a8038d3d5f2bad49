{#- The KPI scorecard: one long table over every KPI mart, one row per KPI × period × segment
    (× dimension where the mart has one: funnel stage, channel, engine). The KPIs are not listed
    here: each KPI mart declares its own in its yml (`config.meta.kpi_mart`: phase, grain, the
    period / segment / dimension columns, and per KPI its id, value, numerator, denominator,
    unit and direction), and this model loops over those declarations (abm_kpi_declarations).
    kpi_id is the measure's name in the kpi_targets seed. Target, benchmarks and direction come
    from that seed, matched on kpi_id and grain; a KPI without a seed row keeps its declared
    direction. A KPI whose mart needs a source system that is switched off (`needs_systems`,
    abm_kpi_mart_enabled) leaves the scorecard. Status: no_target without a target; null
    without a value (zero denominator); else on_track when the value meets the target in its
    direction, at_risk when it misses it by at most 10 % of the target, off_track beyond that.
    The declarations are only readable when dbt executes, so the marts are listed below as
    dependencies; python_tests/test_kpi_declarations.py checks the list against the
    declarations, and dbt stops with a "depends_on" hint when a declared mart is missing. -#}

-- depends_on: {{ ref('kpi_abm_roi') }}
-- depends_on: {{ ref('kpi_account_data_quality') }}
-- depends_on: {{ ref('kpi_account_engagement') }}
-- depends_on: {{ ref('kpi_ai_answer_citation_rate') }}
-- depends_on: {{ ref('kpi_buying_committee_coverage') }}
-- depends_on: {{ ref('kpi_cost_per_sql') }}
-- depends_on: {{ ref('kpi_customer_acquisition_cost') }}
-- depends_on: {{ ref('kpi_customer_lifetime_value') }}
-- depends_on: {{ ref('kpi_deal_size') }}
-- depends_on: {{ ref('kpi_engagement_threshold_recommendation') }}
-- depends_on: {{ ref('kpi_intent_signal_detection') }}
-- depends_on: {{ ref('kpi_marketing_attribution') }}
-- depends_on: {{ ref('kpi_marketing_influence') }}
-- depends_on: {{ ref('kpi_pipeline_created') }}
-- depends_on: {{ ref('kpi_pipeline_required') }}
-- depends_on: {{ ref('kpi_pipeline_velocity') }}
-- depends_on: {{ ref('kpi_referrals_advocacy') }}
-- depends_on: {{ ref('kpi_retention_expansion') }}
-- depends_on: {{ ref('kpi_speed_to_lead') }}
-- depends_on: {{ ref('kpi_sql_volume') }}
-- depends_on: {{ ref('kpi_stage_conversion') }}
-- depends_on: {{ ref('kpi_target_account_coverage') }}
-- depends_on: {{ ref('kpi_target_account_visit_rate') }}
-- depends_on: {{ ref('kpi_win_rate') }}

{%- set kpis = [] -%}
{%- for kpi in abm_kpi_declarations() if abm_kpi_mart_enabled(kpi.mart) -%}
    {%- do kpis.append(kpi) -%}
{%- endfor %}

with

kpi_targets as (

    select * from {{ ref('kpi_targets') }}

),

kpi_values as (

    {%- for kpi in kpis %}
        {{ '' if loop.first else 'union all' }}
        select
            cast('{{ kpi.id }}' as {{ dbt.type_string() }}) as kpi_id,
            cast('{{ kpi.mart }}' as {{ dbt.type_string() }}) as kpi_mart,
            cast('{{ kpi.phase }}' as {{ dbt.type_string() }}) as phase,
            cast('{{ kpi.grain }}' as {{ dbt.type_string() }}) as grain,
            cast({{ kpi.period }} as date) as period_start_date,
            {% if kpi.period == 'as_of_date' %}true as is_complete{% else %}is_complete{% endif %},
            cast({{ kpi.segment or 'null' }} as {{ dbt.type_string() }}) as segment,
            cast({{ kpi.dimension or 'null' }} as {{ dbt.type_string() }}) as dimension,
            {%- if kpi.get('value') %}
                cast({{ kpi.value }} as {{ type_double() }}) as value,
            {%- else %}
                cast({{ kpi.numerator }} as {{ type_double() }})
                / nullif(cast({{ kpi.denominator }} as {{ type_double() }}), 0) as value,
            {%- endif %}
            cast({{ kpi.get('numerator') or 'null' }} as {{ type_double() }}) as numerator,
            cast({{ kpi.get('denominator') or 'null' }} as {{ type_double() }}) as denominator,
            cast('{{ kpi.unit }}' as {{ dbt.type_string() }}) as unit,
            cast('{{ kpi.direction }}' as {{ dbt.type_string() }}) as default_direction
        from {{ ref(kpi.mart) }}
        {%- if kpi.get('where') %}
            where {{ kpi.where }}
        {%- endif %}
    {%- endfor %}

),

targets_matched as (

    select
        kpi_values.*,
        kpi_targets.target_value,
        kpi_targets.benchmark_low,
        kpi_targets.benchmark_high,
        coalesce(kpi_targets.direction, kpi_values.default_direction) as direction
    from kpi_values
    left join kpi_targets
        on kpi_values.kpi_id = kpi_targets.kpi_id
            and kpi_values.grain = kpi_targets.grain

),

final as (

    select
        kpi_id,
        kpi_mart,
        phase,
        grain,
        period_start_date,
        is_complete,
        segment,
        dimension,
        value,
        numerator,
        denominator,
        unit,
        cast(target_value as {{ type_double() }}) as target_value,
        cast(benchmark_low as {{ type_double() }}) as benchmark_low,
        cast(benchmark_high as {{ type_double() }}) as benchmark_high,
        cast(direction as {{ dbt.type_string() }}) as direction,
        cast(
            case
                when target_value is null then 'no_target'
                when value is null then null
                when direction = 'lower_is_better' and value <= target_value then 'on_track'
                when direction = 'lower_is_better'
                    and value <= target_value + 0.1 * abs(target_value) then 'at_risk'
                when direction = 'lower_is_better' then 'off_track'
                when value >= target_value then 'on_track'
                when value >= target_value - 0.1 * abs(target_value) then 'at_risk'
                else 'off_track'
            end
            as {{ dbt.type_string() }}
        ) as status
    from targets_matched

)

select * from final
