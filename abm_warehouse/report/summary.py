"""The terminal summary of a built warehouse: the executive sentence, the latest complete
scorecard grouped by phase (off-track KPIs first, one line per KPI) and the extract
reconciliation in one line. Plain text: it reads the same in a terminal and in a CI log."""

from __future__ import annotations

import pandas as pd

from abm_warehouse.report.catalog import (
    PHASES,
    SEGMENT_SHORT,
    SEGMENTS,
    STATUS_LABELS,
    TARGET_SEGMENTS,
    format_change,
    format_value,
    kpi_label,
    period_label,
)
from abm_warehouse.report.data import ReportData, executive, latest_scorecard

STATUS_MARKS = {"on_track": "✓", "at_risk": "~", "off_track": "✗"}
LABEL_WIDTH = 36
PERIOD_WIDTH = 19


def _mark(status: object) -> str:
    return STATUS_MARKS.get(status, "") if isinstance(status, str) else ""


def _kpi_values(group: pd.DataFrame, currency: str | None) -> str:
    """The values of one KPI's latest complete period, compactly."""
    unit = str(group["unit"].iloc[0])
    has_segment = group["segment"].notna().any()
    has_dimension = group["dimension"].notna().any()
    if has_dimension and has_segment:
        # e.g. stage conversion: each stage over the target tiers combined
        targeted = group[group["segment"].isin(TARGET_SEGMENTS)]
        parts = []
        for dimension, rows in targeted.groupby("dimension", sort=True):
            denominator = rows["denominator"].sum()
            value = rows["numerator"].sum() / denominator if denominator else None
            parts.append(f"{dimension} {format_value(value, unit, currency)}")
        return "target tiers: " + " · ".join(parts)
    if has_dimension:
        return " · ".join(
            f"{row['dimension']} {format_value(row['value'], unit, currency)}{_mark(row['status'])}"
            for _, row in group.sort_values("dimension").iterrows()
        )
    if has_segment:
        by_segment = {row["segment"]: row for _, row in group.iterrows()}
        return " · ".join(
            f"{SEGMENT_SHORT[segment]} {format_value(by_segment[segment]['value'], unit, currency)}"
            f"{_mark(by_segment[segment]['status'])}"
            for segment in SEGMENTS if segment in by_segment
        )
    row = group.iloc[0]
    change = format_change(row["change"], unit, currency)
    return format_value(row["value"], unit, currency) + (f" ({change} on the period before)" if change else "")


def scorecard_lines(data: ReportData) -> list[str]:
    """One line per KPI, grouped by phase, off-track KPIs first."""
    latest = latest_scorecard(data)
    if latest.empty:
        return ["No complete period in marts.kpi_scorecard yet."]
    currency = data.currency
    lines = []
    for phase in PHASES:
        rows = latest[latest["phase"] == phase.phase_id]
        if rows.empty:
            continue
        lines.append(f"{phase.title}")
        for kpi_id, group in rows.groupby("kpi_id", sort=False):
            first = group.iloc[0]
            status = first["kpi_status"] if isinstance(first["kpi_status"], str) else None
            target = first["target_value"]
            target_text = f"   target {format_value(target, str(first['unit']), currency)}" if pd.notna(target) else ""
            lines.append(
                f"  {STATUS_LABELS[status]:<9}  {kpi_label(str(kpi_id)):<{LABEL_WIDTH}} "
                f"{period_label(str(first['grain']), first['period_start_date']):<{PERIOD_WIDTH}} "
                f"{_kpi_values(group, currency)}{target_text}"
            )
    return lines


def reconciliation_line(data: ReportData) -> str:
    """`24 extracts: 101,234 rows read = 99,000 kept + 2,000 rejected + 234 deleted (all reconcile)`."""
    frame = data.reconciliation
    if frame.empty:
        return "Extract reconciliation: audit.audit_extract_reconciliation is not in this warehouse."
    totals = {name: int(frame[name].sum()) for name in ("rows_read", "rows_kept", "rows_rejected", "rows_deleted")}
    broken = frame[frame["rows_read"] != frame["rows_kept"] + frame["rows_rejected"] + frame["rows_deleted"]]
    verdict = "every extract reconciles" if broken.empty else f"DOES NOT RECONCILE: {', '.join(broken['extract_name'])}"
    return (
        f"Extracts: {len(frame)} read, {totals['rows_read']:,} rows = {totals['rows_kept']:,} kept + "
        f"{totals['rows_rejected']:,} rejected (audit.audit_extract_rejects) + {totals['rows_deleted']:,} deleted; {verdict}."
    )


def summary_text(data: ReportData) -> str:
    """The whole terminal summary."""
    currency = data.currency
    headline = f"ABM KPIs as of {data.as_of_date or 'unknown'}" + (f" (amounts in {currency})" if currency else "")
    summary = executive(data)
    sentence = summary.sentence(currency) if summary else "No complete quarter of ABM cost and revenue yet."
    legend = (
        "Scorecard, latest complete period of each KPI (T1-T3 target tiers, NT non-target; "
        "✓ on track, ~ at risk, ✗ off track; a KPI's status is the worst of its target tiers):"
    )
    return "\n".join([headline, "", sentence, "", legend, *scorecard_lines(data), "", reconciliation_line(data)])
