{#- The KPI scorecard: one long table over every KPI mart, one row per KPI × period × segment
    (× dimension where the mart has one: funnel stage, channel, engine). Each KPI is declared
    once in the list below: the mart it reads, its phase and grain, and the columns giving the
    period, the segment, the value and its numerator and denominator. kpi_id is the measure's
    name in the kpi_targets seed. Target, benchmarks and direction come from that seed, matched
    on kpi_id and grain; a KPI without a seed row keeps the direction declared here (default
    higher_is_better). Status: no_target without a target; null without a value (zero
    denominator); else on_track when the value meets the target in its direction, at_risk when
    it misses it by at most 10 % of the target, off_track beyond that. -#}

{%- set kpis = [
    {'kpi_id': 'target_account_coverage_rate', 'mart': 'kpi_target_account_coverage', 'phase': 'target_definition', 'grain': 'week', 'period': 'week_start_date', 'value': 'coverage_rate', 'numerator': 'icp_fit_target_accounts', 'denominator': 'icp_fit_accounts', 'unit': 'rate'},
    {'kpi_id': 'target_list_precision_rate', 'mart': 'kpi_target_account_coverage', 'phase': 'target_definition', 'grain': 'week', 'period': 'week_start_date', 'value': 'target_list_precision_rate', 'numerator': 'icp_fit_target_accounts', 'denominator': 'target_accounts', 'unit': 'rate'},
    {'kpi_id': 'avg_data_quality_score', 'mart': 'kpi_account_data_quality', 'phase': 'target_definition', 'grain': 'as_of_date', 'period': 'as_of_date', 'segment': 'segment', 'value': 'avg_data_quality_score', 'numerator': 'total_data_quality_score', 'denominator': 'accounts', 'unit': 'score'},
    {'kpi_id': 'high_quality_rate', 'mart': 'kpi_account_data_quality', 'phase': 'target_definition', 'grain': 'as_of_date', 'period': 'as_of_date', 'segment': 'segment', 'value': 'high_quality_rate', 'numerator': 'high_quality_accounts', 'denominator': 'accounts', 'unit': 'rate'},
    {'kpi_id': 'engaged_account_rate', 'mart': 'kpi_account_engagement', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'engaged_account_rate', 'numerator': 'engaged_accounts', 'denominator': 'accounts', 'unit': 'rate'},
    {'kpi_id': 'avg_engagement_score', 'mart': 'kpi_account_engagement', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'avg_engagement_score', 'numerator': 'total_engagement_score', 'denominator': 'accounts', 'unit': 'score'},
    {'kpi_id': 'hot_accounts', 'mart': 'kpi_account_engagement', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'hot_accounts', 'numerator': 'hot_accounts', 'unit': 'count'},
    {'kpi_id': 'current_threshold_capture_rate', 'mart': 'kpi_engagement_threshold_recommendation', 'phase': 'engagement', 'grain': 'as_of_date', 'period': 'as_of_date', 'value': 'current_threshold_capture_rate', 'numerator': 'current_threshold_captured_opportunities', 'denominator': 'won_opportunities', 'unit': 'rate'},
    {'kpi_id': 'recommended_threshold', 'mart': 'kpi_engagement_threshold_recommendation', 'phase': 'engagement', 'grain': 'as_of_date', 'period': 'as_of_date', 'value': 'recommended_threshold', 'unit': 'score'},
    {'kpi_id': 'intent_detection_rate', 'mart': 'kpi_intent_signal_detection', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'detection_rate', 'numerator': 'surging_accounts', 'denominator': 'target_accounts', 'unit': 'rate'},
    {'kpi_id': 'intent_actioned_rate', 'mart': 'kpi_intent_signal_detection', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'actioned_rate', 'numerator': 'actioned_accounts', 'denominator': 'surging_accounts', 'unit': 'rate'},
    {'kpi_id': 'target_visit_rate', 'mart': 'kpi_target_account_visit_rate', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'visit_rate', 'numerator': 'visiting_accounts', 'denominator': 'accounts', 'unit': 'rate'},
    {'kpi_id': 'decision_maker_engagement_rate', 'mart': 'kpi_buying_committee_coverage', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'engaged_decision_maker_rate', 'numerator': 'engaged_decision_makers', 'denominator': 'known_decision_makers', 'unit': 'rate'},
    {'kpi_id': 'multithreaded_account_rate', 'mart': 'kpi_buying_committee_coverage', 'phase': 'engagement', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'multithreaded_account_rate', 'numerator': 'multithreaded_accounts', 'denominator': 'target_accounts', 'unit': 'rate'},
    {'kpi_id': 'sqls', 'mart': 'kpi_sql_volume', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'sqls', 'numerator': 'sqls', 'unit': 'count'},
    {'kpi_id': 'mql_to_sql_rate', 'mart': 'kpi_sql_volume', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'mql_to_sql_rate', 'numerator': 'mqls_reached_sql', 'denominator': 'mqls', 'unit': 'rate'},
    {'kpi_id': 'cost_per_sql_amount', 'mart': 'kpi_cost_per_sql', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'value': 'cost_per_sql_amount', 'numerator': 'abm_cost_amount', 'denominator': 'sqls', 'unit': 'amount', 'direction': 'lower_is_better'},
    {'kpi_id': 'pipeline_created_amount', 'mart': 'kpi_pipeline_created', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'pipeline_created_amount', 'numerator': 'pipeline_created_amount', 'unit': 'amount'},
    {'kpi_id': 'meetings', 'mart': 'kpi_pipeline_created', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'meetings', 'numerator': 'meetings', 'unit': 'count'},
    {'kpi_id': 'pipeline_coverage_rate', 'mart': 'kpi_pipeline_required', 'phase': 'pipeline', 'grain': 'quarter', 'period': 'quarter_start_date', 'segment': 'segment', 'value': 'pipeline_coverage_rate', 'numerator': 'open_pipeline_amount', 'denominator': 'required_pipeline_amount', 'unit': 'ratio'},
    {'kpi_id': 'sales_velocity_amount_per_day', 'mart': 'kpi_pipeline_velocity', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'sales_velocity_amount_per_day', 'numerator': 'open_opportunities * win_rate * avg_deal_size_amount', 'denominator': 'avg_sales_cycle_days', 'unit': 'amount_per_day'},
    {'kpi_id': 'stage_conversion_rate', 'mart': 'kpi_stage_conversion', 'phase': 'pipeline', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'dimension': 'funnel_stage', 'value': 'stage_conversion_rate', 'numerator': 'converted_opportunities', 'denominator': 'entered_opportunities', 'unit': 'rate'},
    {'kpi_id': 'within_sla_rate', 'mart': 'kpi_speed_to_lead', 'phase': 'pipeline', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'within_sla_rate', 'numerator': 'within_sla_signals', 'denominator': 'signals', 'unit': 'rate'},
    {'kpi_id': 'median_response_hours', 'mart': 'kpi_speed_to_lead', 'phase': 'pipeline', 'grain': 'week', 'period': 'week_start_date', 'segment': 'segment', 'value': 'median_response_hours', 'unit': 'hours', 'direction': 'lower_is_better'},
    {'kpi_id': 'win_rate', 'mart': 'kpi_win_rate', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'win_rate', 'numerator': 'won_opportunities', 'denominator': 'closed_opportunities', 'unit': 'rate'},
    {'kpi_id': 'avg_deal_size_amount', 'mart': 'kpi_deal_size', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'avg_deal_size_amount', 'numerator': 'won_amount', 'denominator': 'won_opportunities', 'unit': 'amount'},
    {'kpi_id': 'net_revenue_retention_rate', 'mart': 'kpi_retention_expansion', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'net_revenue_retention_rate', 'numerator': 'starting_mrr_at_current_rate_amount + expansion_mrr_amount + reactivation_mrr_amount - contraction_mrr_amount - churned_mrr_amount', 'denominator': 'starting_mrr_at_current_rate_amount', 'unit': 'rate'},
    {'kpi_id': 'gross_revenue_retention_rate', 'mart': 'kpi_retention_expansion', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'gross_revenue_retention_rate', 'numerator': 'starting_mrr_at_current_rate_amount - contraction_mrr_amount - churned_mrr_amount', 'denominator': 'starting_mrr_at_current_rate_amount', 'unit': 'rate'},
    {'kpi_id': 'logo_churn_rate', 'mart': 'kpi_retention_expansion', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'logo_churn_rate', 'numerator': 'churned_customers', 'denominator': 'customers_start', 'unit': 'rate', 'direction': 'lower_is_better'},
    {'kpi_id': 'ltv_to_cac_ratio', 'mart': 'kpi_customer_lifetime_value', 'phase': 'close_roi', 'grain': 'as_of_date', 'period': 'as_of_date', 'segment': 'segment', 'value': 'ltv_to_cac_ratio', 'numerator': 'ltv_amount', 'denominator': 'cac_12m_amount', 'unit': 'ratio'},
    {'kpi_id': 'roi_pct', 'mart': 'kpi_abm_roi', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'roi_pct', 'numerator': '(abm_sourced_revenue_amount - abm_cost_amount) * 100', 'denominator': 'abm_cost_amount', 'unit': 'pct'},
    {'kpi_id': 'roi_12m_pct', 'mart': 'kpi_abm_roi', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'roi_12m_pct', 'numerator': '(abm_sourced_revenue_12m_amount - abm_cost_12m_amount) * 100', 'denominator': 'abm_cost_12m_amount', 'unit': 'pct'},
    {'kpi_id': 'pipeline_to_cost_ratio', 'mart': 'kpi_abm_roi', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'pipeline_to_cost_ratio', 'numerator': 'abm_pipeline_created_amount', 'denominator': 'abm_cost_amount', 'unit': 'ratio'},
    {'kpi_id': 'cac_amount', 'mart': 'kpi_customer_acquisition_cost', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'cac_amount', 'numerator': 'abm_cost_amount', 'denominator': 'new_abm_customers', 'unit': 'amount', 'direction': 'lower_is_better'},
    {'kpi_id': 'cac_12m_amount', 'mart': 'kpi_customer_acquisition_cost', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'cac_12m_amount', 'numerator': 'abm_cost_12m_amount', 'denominator': 'new_abm_customers_12m', 'unit': 'amount', 'direction': 'lower_is_better'},
    {'kpi_id': 'attributed_pipeline_share_rate', 'mart': 'kpi_marketing_attribution', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'dimension': 'channel', 'numerator': 'attributed_pipeline_amount', 'denominator': 'sum(attributed_pipeline_amount) over (partition by month_start_date)', 'unit': 'rate', 'where': "attribution_model = 'position_based'"},
    {'kpi_id': 'influence_rate', 'mart': 'kpi_marketing_influence', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'segment': 'segment', 'value': 'influence_rate', 'numerator': 'influenced_opportunities', 'denominator': 'opportunities_created', 'unit': 'rate'},
    {'kpi_id': 'referral_win_rate', 'mart': 'kpi_referrals_advocacy', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'referral_win_rate_12m', 'numerator': 'referral_won_opportunities_12m', 'denominator': 'referral_closed_opportunities_12m', 'unit': 'rate'},
    {'kpi_id': 'advocates', 'mart': 'kpi_referrals_advocacy', 'phase': 'close_roi', 'grain': 'month', 'period': 'month_start_date', 'value': 'advocates', 'numerator': 'advocates', 'unit': 'count'},
    {'kpi_id': 'citation_rate', 'mart': 'kpi_ai_answer_citation_rate', 'phase': 'close_roi', 'grain': 'week', 'period': 'week_start_date', 'dimension': 'engine', 'value': 'citation_rate', 'numerator': 'brand_citations', 'denominator': 'answer_checks', 'unit': 'rate', 'optional': 'enable_ai_search'},
    {'kpi_id': 'share_of_voice_rate', 'mart': 'kpi_ai_answer_citation_rate', 'phase': 'close_roi', 'grain': 'week', 'period': 'week_start_date', 'dimension': 'engine', 'value': 'share_of_voice_rate', 'numerator': 'brand_citations', 'denominator': 'brand_citations + competitor_citations', 'unit': 'rate', 'optional': 'enable_ai_search'},
] -%}

with

kpi_targets as (

    select * from {{ ref('kpi_targets') }}

),

kpi_values as (

    {%- set ns = namespace(first=true) %}
    {%- for kpi in kpis if (not kpi.get('optional') or var(kpi['optional'], true)) and abm_kpi_mart_enabled(kpi.mart) %}
        {{ '' if ns.first else 'union all' }}
        select
            cast('{{ kpi.kpi_id }}' as {{ dbt.type_string() }}) as kpi_id,
            cast('{{ kpi.mart }}' as {{ dbt.type_string() }}) as kpi_mart,
            cast('{{ kpi.phase }}' as {{ dbt.type_string() }}) as phase,
            cast('{{ kpi.grain }}' as {{ dbt.type_string() }}) as grain,
            cast({{ kpi.period }} as date) as period_start_date,
            {% if kpi.period == 'as_of_date' %}true as is_complete{% else %}is_complete{% endif %},
            cast({{ kpi.get('segment') or 'null' }} as {{ dbt.type_string() }}) as segment,
            cast({{ kpi.get('dimension') or 'null' }} as {{ dbt.type_string() }}) as dimension,
            {%- if kpi.get('value') %}
                cast({{ kpi.value }} as {{ type_double() }}) as value,
            {%- else %}
                cast({{ kpi.numerator }} as {{ type_double() }})
                / nullif(cast({{ kpi.denominator }} as {{ type_double() }}), 0) as value,
            {%- endif %}
            cast({{ kpi.get('numerator') or 'null' }} as {{ type_double() }}) as numerator,
            cast({{ kpi.get('denominator') or 'null' }} as {{ type_double() }}) as denominator,
            cast('{{ kpi.unit }}' as {{ dbt.type_string() }}) as unit,
            cast('{{ kpi.get('direction', 'higher_is_better') }}' as {{ dbt.type_string() }})
                as default_direction
        from {{ ref(kpi.mart) }}
        {%- if kpi.get('where') %}
            where {{ kpi.where }}
        {%- endif %}
        {%- set ns.first = false %}
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
