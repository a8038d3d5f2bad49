"""The numbers of the report, read from the marts and audit schemas and shaped in pandas.

Conventions the report follows (and states on the page):
- "Latest complete period" of a KPI: its latest period with `is_complete` true (as-of-date KPIs
  are complete by definition). The trend compares it with the KPI's period just before it
  (same segment and dimension).
- A KPI's status on the scorecard is the worst status among its rows in the target tiers:
  non-target accounts are the comparison group, not the program (KPIs without segments use
  all their rows).
- The executive sentence covers the last calendar quarter whose three months are complete in
  `kpi_abm_roi`: ABM cost, pipeline created at ABM (target) accounts, ABM-sourced revenue, and
  ROI = (revenue − cost) / cost × 100 over the quarter's sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from abm_warehouse.report.catalog import PHASE_ORDER, STATUS_ORDER, TARGET_SEGMENTS
from abm_warehouse.report.source import WarehouseSource

SCORECARD = ("marts", "kpi_scorecard")
ABM_ROI = ("marts", "kpi_abm_roi")
THRESHOLD = ("marts", "kpi_engagement_threshold_recommendation")
ATTRIBUTION = ("marts", "kpi_marketing_attribution")
RECONCILIATION = ("audit", "audit_extract_reconciliation")
SETTINGS = ("audit", "audit_build_settings")
TABLES = (SCORECARD, ABM_ROI, THRESHOLD, ATTRIBUTION, RECONCILIATION, SETTINGS)


@dataclass
class Executive:
    """The last complete quarter of ABM: what was invested, created and returned."""

    quarter: str
    cost: float
    pipeline: float
    revenue: float
    roi_pct: float | None

    def sentence(self, currency: str | None) -> str:
        """`In 2025-Q4 (the last complete quarter) ABM invested USD 146,545, ...`."""
        prefix = f"{currency} " if currency else ""
        roi = f"returned {self.roi_pct:,.1f} % ROI" if self.roi_pct is not None else "returned no ROI figure (no cost)"
        return (
            f"In {self.quarter} (the last complete quarter) ABM invested {prefix}{self.cost:,.0f}, "
            f"created {prefix}{self.pipeline:,.0f} of pipeline at target accounts and {roi} "
            f"({prefix}{self.revenue:,.0f} of ABM-sourced revenue)."
        )


@dataclass
class ReportData:
    """Everything the report and the terminal summary show."""

    source: str
    scorecard: pd.DataFrame
    abm_roi: pd.DataFrame
    threshold: pd.DataFrame
    attribution: pd.DataFrame
    reconciliation: pd.DataFrame
    settings: pd.DataFrame
    missing: list[str] = field(default_factory=list)

    @property
    def as_of_date(self) -> str | None:
        """The as-of date of every KPI (audit_build_settings, else the as-of marts)."""
        if not self.settings.empty:
            return str(self.settings["as_of_date"].iloc[0])[:10]
        as_of = self.scorecard[self.scorecard["grain"] == "as_of_date"] if not self.scorecard.empty else self.scorecard
        return str(as_of["period_start_date"].max())[:10] if not as_of.empty else None

    @property
    def currency(self) -> str | None:
        """The reporting currency (audit_build_settings), None when the warehouse does not say."""
        if self.settings.empty or "reporting_currency" not in self.settings:
            return None
        return str(self.settings["reporting_currency"].iloc[0])


def _dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns (`*_date`) as pandas timestamps, whatever the engine returned."""
    for column in frame.columns:
        if column.endswith("_date"):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def load(source: WarehouseSource) -> ReportData:
    """Read the report's tables; a table the warehouse lacks reads as empty and is listed."""
    present = source.tables()
    frames: dict[tuple[str, str], pd.DataFrame] = {}
    missing = []
    for table in TABLES:
        if table in present:
            frames[table] = _dates(source.read(*table))
        else:
            frames[table] = pd.DataFrame()
            missing.append(".".join(table))
    return ReportData(
        source=source.description,
        scorecard=frames[SCORECARD],
        abm_roi=frames[ABM_ROI],
        threshold=frames[THRESHOLD],
        attribution=frames[ATTRIBUTION],
        reconciliation=frames[RECONCILIATION],
        settings=frames[SETTINGS],
        missing=missing,
    )


def executive(data: ReportData) -> Executive | None:
    """The last quarter whose three months are complete in kpi_abm_roi; None when there is none."""
    roi = data.abm_roi
    if roi.empty:
        return None
    months = roi.assign(quarter_start=roi["month_start_date"].dt.to_period("Q").dt.start_time)
    quarters = months.groupby("quarter_start").agg(
        months=("month_start_date", "nunique"),
        complete=("is_complete", "all"),
        cost=("abm_cost_amount", "sum"),
        pipeline=("abm_pipeline_created_amount", "sum"),
        revenue=("abm_sourced_revenue_amount", "sum"),
    )
    complete = quarters[(quarters["months"] == 3) & quarters["complete"]]
    if complete.empty:
        return None
    start = complete.index.max()
    row = complete.loc[start]
    cost = float(row["cost"])
    revenue = float(row["revenue"])
    return Executive(
        quarter=f"{start.year}-Q{(start.month - 1) // 3 + 1}",
        cost=cost,
        pipeline=float(row["pipeline"]),
        revenue=revenue,
        roi_pct=(revenue - cost) / cost * 100 if cost else None,
    )


def latest_scorecard(data: ReportData) -> pd.DataFrame:
    """Scorecard rows of each KPI's latest complete period, with the value of the period before.

    Columns: the scorecard's, plus `previous_value`, `change` (value − previous_value) and
    `is_improving` (the change in the KPI's better direction; null without a change).
    Ordered by phase, then the KPI's status (off track first), KPI, segment, dimension.
    """
    card = data.scorecard
    if card.empty:
        return card
    keys = ["kpi_id", "grain"]
    complete = card[card["is_complete"].fillna(False).astype(bool)].copy()
    complete["segment_key"] = complete["segment"].fillna("")
    complete["dimension_key"] = complete["dimension"].fillna("")
    periods = complete[keys + ["period_start_date"]].drop_duplicates().sort_values(keys + ["period_start_date"])
    periods["previous_period"] = periods.groupby(keys)["period_start_date"].shift(1)
    latest_period = periods.groupby(keys)["period_start_date"].transform("max")
    periods = periods[periods["period_start_date"] == latest_period]
    latest = complete.merge(periods, on=keys + ["period_start_date"])
    previous = complete[keys + ["period_start_date", "segment_key", "dimension_key", "value"]].rename(
        columns={"period_start_date": "previous_period", "value": "previous_value"}
    )
    latest = latest.merge(previous, how="left", on=keys + ["previous_period", "segment_key", "dimension_key"])
    latest["change"] = latest["value"] - latest["previous_value"]
    sign = latest["direction"].map({"lower_is_better": -1.0}).fillna(1.0)
    latest["is_improving"] = (latest["change"] * sign).map(lambda change: None if pd.isna(change) or change == 0 else bool(change > 0))
    status = kpi_status(latest)
    latest["kpi_status"] = latest["kpi_id"].map(status)
    latest["phase_rank"] = latest["phase"].map(PHASE_ORDER).fillna(len(PHASE_ORDER))
    latest["status_rank"] = latest["kpi_status"].map(lambda value: STATUS_ORDER.get(value, 4))
    latest["segment_rank"] = latest["segment"].map({name: index for index, name in enumerate(TARGET_SEGMENTS)}).fillna(9)
    latest = latest.sort_values(["phase_rank", "status_rank", "kpi_id", "segment_rank", "dimension_key"])
    return latest.drop(columns=["segment_key", "dimension_key", "phase_rank", "status_rank", "segment_rank"]).reset_index(drop=True)


def kpi_status(rows: pd.DataFrame) -> dict[str, str | None]:
    """Each KPI's status: the worst among its target-tier rows (all rows without segments)."""
    result: dict[str, str | None] = {}
    for kpi_id, group in rows.groupby("kpi_id", sort=False):
        judged = group[group["segment"].isin(TARGET_SEGMENTS)] if group["segment"].notna().any() else group
        statuses = [value for value in judged["status"] if isinstance(value, str)]
        result[str(kpi_id)] = min(statuses, key=lambda value: STATUS_ORDER.get(value, 4)) if statuses else None
    return result
