"""Write the KPI report: one self-contained HTML file (plotly.js inlined once, no external
script, font or stylesheet), rendered from a Jinja2 template."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from plotly.offline import get_plotlyjs

from abm_warehouse.report import charts
from abm_warehouse.report.catalog import (
    PHASES,
    SEGMENT_LABELS,
    SEGMENTS,
    STATUS_LABELS,
    format_change,
    format_value,
    kpi_label,
    period_label,
)
from abm_warehouse.report.data import ReportData, executive, kpi_status, latest_scorecard
from abm_warehouse.report.source import WarehouseSource

REPORT_FILE_NAME = "kpi_report.html"


@dataclass
class Cell:
    """One value of the scorecard: formatted value, change since the period before, status."""

    value: str
    change: str
    arrow: str
    trend: str
    status: str


@dataclass
class ScorecardRow:
    """One KPI (or one dimension value of it) of the latest complete period."""

    kpi_id: str
    label: str
    period: str
    cells: dict[str, Cell]
    target: str
    benchmark: str
    status: str


@dataclass
class PhaseSection:
    """A phase: its scorecard rows and its charts."""

    phase_id: str
    title: str
    question: str
    rows: list[ScorecardRow] = field(default_factory=list)
    charts: list[charts.Chart] = field(default_factory=list)


def _cell(row: pd.Series, currency: str | None) -> Cell:
    improving = row.get("is_improving")
    change = row.get("change")
    if improving is None or pd.isna(change):
        arrow, trend = ("→", "flat") if not pd.isna(change) else ("", "none")
    else:
        arrow = "↑" if change > 0 else "↓"
        trend = "better" if improving else "worse"
    status = row.get("status") if isinstance(row.get("status"), str) else None
    return Cell(
        value=format_value(row["value"], row["unit"], currency),
        change=format_change(change, row["unit"], currency),
        arrow=arrow,
        trend=trend,
        status=status or "none",
    )


def _scorecard_rows(latest: pd.DataFrame, currency: str | None) -> dict[str, list[ScorecardRow]]:
    by_phase: dict[str, list[ScorecardRow]] = {}
    if latest.empty:
        return by_phase
    latest = latest.assign(dimension_key=latest["dimension"].fillna(""))
    for (kpi_id, dimension), group in latest.groupby(["kpi_id", "dimension_key"], sort=False):
        first = group.iloc[0]
        unit = str(first["unit"])
        cells = {
            (row["segment"] if isinstance(row["segment"], str) else "all"): _cell(row, currency)
            for _, row in group.iterrows()
        }
        label = kpi_label(str(kpi_id)) + (f" · {dimension}" if dimension else "")
        low, high = first["benchmark_low"], first["benchmark_high"]
        by_phase.setdefault(str(first["phase"]), []).append(ScorecardRow(
            kpi_id=str(kpi_id),
            label=label,
            period=period_label(str(first["grain"]), first["period_start_date"]),
            cells=cells,
            target=format_value(first["target_value"], unit, currency) if pd.notna(first["target_value"]) else "",
            benchmark=(f"{format_value(low, unit, currency)} – {format_value(high, unit, currency)}"
                       if pd.notna(low) and pd.notna(high) else ""),
            # a KPI with a dimension (stage, channel, engine): each dimension value's own status
            status=(kpi_status(group).get(str(kpi_id)) if dimension else first["kpi_status"]) or "none",
        ))
    return by_phase


def _attribution_window(attribution: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The 12 latest complete months of attribution (fewer when the data is younger)."""
    complete = attribution[attribution["is_complete"].astype(bool)]
    months = sorted(complete["month_start_date"].unique())[-12:]
    if not months:
        return complete, "no complete month yet"
    window = complete[complete["month_start_date"].isin(months)]
    first, last = str(months[0])[:7], str(months[-1])[:7]
    return window, f"opportunities created {first} to {last} ({len(months)} complete months), pipeline in the reporting currency"


def build_context(data: ReportData) -> dict[str, Any]:
    """The template's variables: every section of the report, formatted."""
    currency = data.currency
    latest = latest_scorecard(data)
    rows_by_phase = _scorecard_rows(latest, currency)
    phases = []
    card = data.scorecard
    for phase in PHASES:
        section = PhaseSection(phase.phase_id, phase.title, phase.question, rows_by_phase.get(phase.phase_id, []))
        if not card.empty:
            phase_rows = card[card["phase"] == phase.phase_id]
            for kpi_id in dict.fromkeys(phase_rows["kpi_id"]):
                section.charts.append(charts.kpi_chart(str(kpi_id), phase_rows[phase_rows["kpi_id"] == kpi_id], currency))
        phases.append(section)
    # KPIs of a phase the report does not know still appear, in their own section.
    known = {phase.phase_id for phase in PHASES}
    for phase_id in sorted(set(card["phase"]) - known if not card.empty else set()):
        section = PhaseSection(str(phase_id), str(phase_id).replace("_", " ").capitalize(), "", rows_by_phase.get(phase_id, []))
        phase_rows = card[card["phase"] == phase_id]
        for kpi_id in dict.fromkeys(phase_rows["kpi_id"]):
            section.charts.append(charts.kpi_chart(str(kpi_id), phase_rows[phase_rows["kpi_id"] == kpi_id], currency))
        phases.append(section)

    threshold = None
    if not data.threshold.empty:
        row = data.threshold.iloc[0]
        threshold = {
            "chart": charts.threshold_chart(row),
            "recommended": f"{row['recommended_threshold']:.0f}" if pd.notna(row["recommended_threshold"]) else "–",
            "recommended_rate": format_value(row["recommended_threshold_capture_rate"], "rate"),
            "target_rate": format_value(row["target_capture_rate"], "rate"),
            "current": f"{row['current_threshold']:.0f}" if pd.notna(row["current_threshold"]) else "–",
            "current_rate": format_value(row["current_threshold_capture_rate"], "rate"),
            "won": f"{int(row['won_opportunities']):,}" if pd.notna(row["won_opportunities"]) else "0",
            "window": f"{str(row['window_start_date'])[:10]} to {str(row['as_of_date'])[:10]}",
            "hot_without_opportunity": (format_value(row["hot_without_opportunity_rate"], "rate")
                                        if pd.notna(row["hot_without_opportunity_rate"]) else None),
        }

    attribution = None
    if not data.attribution.empty:
        window, text = _attribution_window(data.attribution)
        if not window.empty:
            attribution = {"chart": charts.attribution_chart(window, currency, text), "window": text}

    reconciliation = []
    if not data.reconciliation.empty:
        for _, row in data.reconciliation.sort_values("extract_name").iterrows():
            read, kept, rejected, deleted = (int(row[name]) for name in ("rows_read", "rows_kept", "rows_rejected", "rows_deleted"))
            reconciliation.append({
                "extract": row["extract_name"], "read": f"{read:,}", "kept": f"{kept:,}", "rejected": f"{rejected:,}",
                "deleted": f"{deleted:,}", "reconciles": read == kept + rejected + deleted,
            })

    summary = executive(data)
    return {
        "as_of_date": data.as_of_date or "unknown",
        "currency": currency or "the reporting currency (not recorded in this warehouse)",
        "source": data.source,
        "executive": summary.sentence(currency) if summary else None,
        "executive_quarter": summary.quarter if summary else None,
        "phases": phases,
        "segments": SEGMENTS,
        "segment_labels": SEGMENT_LABELS,
        "status_labels": {key or "none": value for key, value in STATUS_LABELS.items()},
        "threshold": threshold,
        "attribution": attribution,
        "reconciliation": reconciliation,
        "missing": data.missing,
        "plotly_js": get_plotlyjs(),
    }


def render(data: ReportData) -> str:
    """The report's HTML."""
    environment = Environment(
        loader=PackageLoader("abm_warehouse.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.html.j2").render(**build_context(data))


def write_report(source: WarehouseSource, path: Path) -> Path:
    """Read the warehouse, write the report to `path` (atomically: readers never see half a file)."""
    from abm_warehouse.report.data import load

    html = render(load(source))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
    return path
