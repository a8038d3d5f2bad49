"""The expectations the manifest cannot tell: row counts tied to the inputs.

Each input is one count read from the built warehouse; a mart's expected row count is the
product of its factors (an int is a literal factor). A mart that is not listed has no
row-count expectation (its rows depend on the data: attribution, the engagement fact, the
scorecard). Weekly and monthly marts hold every period of the calendar, every segment of their
grain in every period (see the marts' yml).
"""

from __future__ import annotations

INPUT_COUNTS: dict[str, str] = {
    "weeks": "select count(*) from intermediate.int_calendar_weeks",
    "months": "select count(*) from intermediate.int_calendar_months",
    "revenue_target_rows": (
        "select count(*) from config.revenue_targets as targets"
        " inner join intermediate.int_calendar_quarters as quarters"
        " on targets.quarter_start_date = quarters.quarter_start_date"
    ),
    "funnel_stages": "select count(distinct funnel_stage) from config.stage_mapping where not is_closed",
    "answer_check_week_engines": (
        "select count(distinct (date_trunc('week', checked_date), engine))"
        " from staging.stg_ai_search__answer_checks"
        " where checked_date <= (select as_of_date from intermediate.int_as_of_date)"
    ),
    "crm_accounts": "select count(*) from staging.stg_crm__accounts",
    "crm_opportunities": "select count(*) from staging.stg_crm__opportunities",
}

SEGMENTS = 4
TARGET_TIERS = 3

EXPECTED_ROWS: dict[str, tuple[str | int, ...]] = {
    # phase 1: target definition
    "kpi_target_account_coverage": ("weeks",),
    "kpi_account_data_quality": (SEGMENTS,),
    # phase 2: engagement
    "kpi_account_engagement": ("weeks", SEGMENTS),
    "kpi_engagement_threshold_recommendation": (1,),
    "kpi_intent_signal_detection": ("weeks", TARGET_TIERS),
    "kpi_target_account_visit_rate": ("weeks", SEGMENTS),
    "kpi_buying_committee_coverage": ("weeks", TARGET_TIERS),
    # phase 3: pipeline
    "kpi_sql_volume": ("months", SEGMENTS),
    "kpi_cost_per_sql": ("months",),
    "kpi_pipeline_created": ("months", SEGMENTS),
    "kpi_pipeline_required": ("revenue_target_rows",),
    "kpi_pipeline_velocity": ("months", SEGMENTS),
    "kpi_stage_conversion": ("months", SEGMENTS, "funnel_stages"),
    "kpi_speed_to_lead": ("weeks", SEGMENTS),
    # phase 4: close and ROI
    "kpi_win_rate": ("months", SEGMENTS),
    "kpi_deal_size": ("months", SEGMENTS),
    "kpi_retention_expansion": ("months", SEGMENTS),
    "kpi_customer_lifetime_value": (SEGMENTS,),
    "kpi_abm_roi": ("months",),
    "kpi_customer_acquisition_cost": ("months",),
    "kpi_marketing_influence": ("months", SEGMENTS),
    "kpi_referrals_advocacy": ("months",),
    "kpi_ai_answer_citation_rate": ("answer_check_week_engines",),  # only weeks × engines with checks
    # entity marts
    "dim_accounts": ("crm_accounts",),
    "fct_opportunities": ("crm_opportunities",),
}

NULLABLE_KEY_COLUMNS: dict[str, frozenset[str]] = {
    # The scorecard's key includes segment and dimension, null for marts without them.
    "kpi_scorecard": frozenset({"segment", "dimension"}),
}


def describe_factors(factors: tuple[str | int, ...]) -> str:
    """`weeks × 4`: the formula as a person reads it."""
    return " × ".join(str(factor) for factor in factors)

SIGNED_AMOUNT_COLUMNS: dict[str, frozenset[str]] = {
    # `_amount` columns are >= 0 except these, which are differences by definition.
    "kpi_retention_expansion": frozenset({"fx_adjustment_mrr_amount"}),
    "fct_account_mrr_months": frozenset({"fx_adjustment_mrr_amount"}),
}
