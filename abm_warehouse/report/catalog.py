"""How the report names and formats things: phases, segments, KPI labels and units.

KPI ids are the scorecard's (and the kpi_targets seed's). A KPI added to the scorecard without a
label here is still shown, named after its id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    """One of the four phases of the KPI catalogue, reviewed on its own rhythm."""

    phase_id: str
    title: str
    question: str


PHASES = (
    Phase("target_definition", "Target definition", "Is the target list right?"),
    Phase("engagement", "Engagement", "Are the target accounts engaging?"),
    Phase("pipeline", "Pipeline", "Is that turning into pipeline?"),
    Phase("close_roi", "Close and ROI", "Is the pipeline closing and paying back?"),
)
PHASE_ORDER = {phase.phase_id: index for index, phase in enumerate(PHASES)}

SEGMENTS = ("tier_1", "tier_2", "tier_3", "non_target")
TARGET_SEGMENTS = ("tier_1", "tier_2", "tier_3")
SEGMENT_LABELS = {"tier_1": "Tier 1", "tier_2": "Tier 2", "tier_3": "Tier 3", "non_target": "Non-target"}
SEGMENT_SHORT = {"tier_1": "T1", "tier_2": "T2", "tier_3": "T3", "non_target": "NT"}

STATUS_ORDER = {"off_track": 0, "at_risk": 1, "on_track": 2, "no_target": 3, None: 4}
STATUS_LABELS = {
    "off_track": "off track", "at_risk": "at risk", "on_track": "on track", "no_target": "no target", None: "no value",
}

KPI_LABELS = {
    "target_account_coverage_rate": "Target account coverage",
    "target_list_precision_rate": "Target list precision",
    "avg_data_quality_score": "Data quality score (avg)",
    "high_quality_rate": "High-quality accounts",
    "engaged_account_rate": "Engaged accounts",
    "avg_engagement_score": "Engagement score (avg)",
    "hot_accounts": "Hot accounts",
    "current_threshold_capture_rate": "Won deals the hot threshold captures",
    "recommended_threshold": "Recommended hot threshold",
    "intent_detection_rate": "Intent detection",
    "intent_actioned_rate": "Intent actioned",
    "target_visit_rate": "Target account visit rate",
    "decision_maker_engagement_rate": "Decision makers engaged",
    "multithreaded_account_rate": "Multithreaded accounts",
    "sqls": "SQLs",
    "mql_to_sql_rate": "MQL to SQL",
    "cost_per_sql_amount": "Cost per SQL",
    "pipeline_created_amount": "Pipeline created",
    "meetings": "Meetings",
    "pipeline_coverage_rate": "Pipeline coverage",
    "sales_velocity_amount_per_day": "Sales velocity",
    "stage_conversion_rate": "Stage conversion",
    "within_sla_rate": "Signals answered within SLA",
    "median_response_hours": "Response time (median)",
    "win_rate": "Win rate",
    "avg_deal_size_amount": "Deal size (avg)",
    "net_revenue_retention_rate": "Net revenue retention",
    "gross_revenue_retention_rate": "Gross revenue retention",
    "logo_churn_rate": "Logo churn",
    "ltv_to_cac_ratio": "LTV to CAC",
    "roi_pct": "ABM ROI",
    "roi_12m_pct": "ABM ROI (trailing 12 months)",
    "pipeline_to_cost_ratio": "Pipeline to cost",
    "cac_amount": "Customer acquisition cost",
    "cac_12m_amount": "CAC (trailing 12 months)",
    "attributed_pipeline_share_rate": "Pipeline share by channel",
    "influence_rate": "Marketing-influenced opportunities",
    "referral_win_rate": "Referral win rate (12 months)",
    "advocates": "Advocates",
    "citation_rate": "AI answer citation rate",
    "share_of_voice_rate": "AI answer share of voice",
}

GRAIN_LABELS = {"week": "week of", "month": "month", "quarter": "quarter", "as_of_date": "as of"}


def kpi_label(kpi_id: str) -> str:
    """The KPI's display name (its id, readable, when the report does not know it)."""
    return KPI_LABELS.get(kpi_id) or kpi_id.replace("_", " ").capitalize()


def period_label(grain: str, period_start: object) -> str:
    """`week of 2026-03-23`, `2026-02`, `2025-Q4`, `as of 2026-03-31`."""
    text = str(period_start)[:10]
    if grain == "month":
        return text[:7]
    if grain == "quarter":
        return f"{text[:4]}-Q{(int(text[5:7]) - 1) // 3 + 1}"
    if grain == "week":
        return f"week of {text}"
    return f"as of {text}"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _amount(value: float, currency: str | None) -> str:
    magnitude = abs(value)
    if magnitude >= 1_000_000:
        text = f"{value / 1_000_000:,.2f}M"
    elif magnitude >= 10_000:
        text = f"{value / 1_000:,.1f}k"
    else:
        text = f"{value:,.0f}"
    return f"{currency} {text}" if currency else text


def format_value(value: object, unit: str, currency: str | None = None) -> str:
    """A KPI value in its unit: `42.0 %`, `USD 450.0k`, `1.20×`, `12.5 h`; `–` without a value."""
    if _is_missing(value):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if unit == "rate":
        return f"{number * 100:.1f} %"
    if unit == "pct":
        return f"{number:.1f} %"
    if unit == "amount":
        return _amount(number, currency)
    if unit == "amount_per_day":
        return f"{_amount(number, currency)}/day"
    if unit == "ratio":
        return f"{number:.2f}×"
    if unit == "hours":
        return f"{number:.1f} h"
    if unit == "count":
        return f"{number:,.0f}"
    return f"{number:,.1f}"


def format_change(change: object, unit: str, currency: str | None = None) -> str:
    """The change since the period before: `+3.2 pts` for rates, else a signed value in the unit."""
    if _is_missing(change):
        return ""
    number = float(change)  # type: ignore[arg-type]
    sign = "+" if number > 0 else ("−" if number < 0 else "±")
    if unit == "rate":
        return f"{sign}{abs(number) * 100:.1f} pts"
    if unit == "pct":
        return f"{sign}{abs(number):.1f} pts"
    return sign + format_value(abs(number), unit, currency)
