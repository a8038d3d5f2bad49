"""Configuration seeds of the demo (seeds/config/*.csv).

The values that describe the demo company's choices (ICP, engagement weights, stage mapping,
KPI targets, ...) are constants here; the seeds that must agree with the generated extracts
(LinkedIn organization -> domain, ad campaign -> program, fx rates, program costs, revenue
targets) are derived from the same world. `python -m abm_warehouse.generator.demo --out
seeds/demo --config-out seeds/config` rewrites them all. A team adopting the warehouse edits
the CSV files directly; python_tests/test_generator.py checks they still agree with the demo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import vocabulary as voc
from .timeline import WINDOW_END, WINDOW_START, month_starts, quarter_starts

if TYPE_CHECKING:
    from .ads import AdsPlan
    from .world import World

TIER_PROGRAMS = {1: "abm_one_to_one", 2: "abm_one_to_few", 3: "abm_one_to_many"}
"""Target-list tier -> ABM program; the programs of program_costs and ad_campaign_programs."""

ICP_CRITERIA: tuple[dict, ...] = (
    {"criterion_id": "icp_industry", "attribute": "industry", "operator": "in",
     "values": "|".join(voc.ICP_INDUSTRIES), "min_value": None, "max_value": None,
     "weight": 0.3},
    {"criterion_id": "icp_employees", "attribute": "number_of_employees", "operator": "between",
     "values": None, "min_value": 200, "max_value": 10_000, "weight": 0.3},
    {"criterion_id": "icp_revenue", "attribute": "annual_revenue", "operator": "between",
     "values": None, "min_value": 20_000_000, "max_value": 5_000_000_000, "weight": 0.2},
    {"criterion_id": "icp_country", "attribute": "billing_country", "operator": "in",
     "values": "|".join(voc.ICP_COUNTRIES), "min_value": None, "max_value": None,
     "weight": 0.2},
)

ENGAGEMENT_WEIGHTS: tuple[tuple[str, str, float, int], ...] = (
    # activity_type, channel, points per occurrence, channel cap
    ("web_page_view", "web", 2.0, 20),
    ("email_open", "email", 2.0, 15),
    ("email_click", "email", 5.0, 15),
    ("form_submission", "forms", 12.0, 20),
    ("campaign_response", "events", 8.0, 15),
    ("linkedin_ad_click", "paid_social", 3.0, 10),
    ("linkedin_ad_impression", "paid_social", 0.1, 10),
    ("intent_surge", "intent", 8.0, 20),
)

STAGE_MAPPING: tuple[tuple[str, str, int, bool, bool, bool], ...] = (
    # stage_name, funnel_stage, stage_order, is_pipeline, is_closed, is_won
    ("Prospecting", "prospecting", 1, False, False, False),
    ("Discovery", "discovery", 2, True, False, False),
    ("Demo", "evaluation", 3, True, False, False),
    ("Proposal", "proposal", 4, True, False, False),
    ("Negotiation", "negotiation", 5, True, False, False),
    (voc.WON_STAGE, "closed_won", 6, False, True, True),
    (voc.LOST_STAGE, "closed_lost", 6, False, True, False),
)

LEAD_SOURCE_CHANNELS: dict[str, str] = {
    "Web": "organic", "Organic Search": "organic", "Paid Search": "paid",
    "Paid Social": "paid", "Content Syndication": "paid", "Webinar": "event", "Event": "event",
    "Outbound - SDR": "outbound", "Outbound - AE": "outbound",
    "Customer Referral": "referral", "Partner Referral": "referral", "Partner": "partner",
    "Email": "email",
}

KPI_TARGETS: tuple[tuple[str, str, float, float, float, str], ...] = (
    # kpi_id, grain, target_value, benchmark_low, benchmark_high, direction
    ("target_account_coverage_rate", "week", 0.70, 0.60, 0.75, "higher_is_better"),
    ("target_list_precision_rate", "week", 0.85, 0.75, 0.90, "higher_is_better"),
    ("avg_data_quality_score", "as_of_date", 80, 70, 90, "higher_is_better"),
    ("engaged_account_rate", "week", 0.60, 0.40, 0.70, "higher_is_better"),
    ("hot_accounts", "week", 8, 5, 12, "higher_is_better"),
    ("intent_detection_rate", "week", 0.15, 0.10, 0.25, "higher_is_better"),
    ("intent_actioned_rate", "week", 0.60, 0.50, 0.80, "higher_is_better"),
    ("target_visit_rate", "week", 0.35, 0.25, 0.45, "higher_is_better"),
    ("decision_maker_engagement_rate", "week", 0.30, 0.20, 0.40, "higher_is_better"),
    ("mql_to_sql_rate", "month", 0.40, 0.30, 0.50, "higher_is_better"),
    ("cost_per_sql_amount", "month", 2500, 1500, 4000, "lower_is_better"),
    ("pipeline_created_amount", "month", 450_000, 300_000, 600_000, "higher_is_better"),
    ("pipeline_coverage_rate", "quarter", 1.0, 0.8, 1.2, "higher_is_better"),
    ("sales_velocity_amount_per_day", "month", 8_000, 5_000, 12_000, "higher_is_better"),
    ("stage_conversion_rate", "month", 0.55, 0.45, 0.65, "higher_is_better"),
    ("within_sla_rate", "week", 0.75, 0.60, 0.90, "higher_is_better"),
    ("win_rate", "month", 0.30, 0.20, 0.35, "higher_is_better"),
    ("avg_deal_size_amount", "month", 45_000, 35_000, 60_000, "higher_is_better"),
    ("net_revenue_retention_rate", "month", 1.01, 1.00, 1.02, "higher_is_better"),
    ("gross_revenue_retention_rate", "month", 0.99, 0.98, 0.995, "higher_is_better"),
    ("ltv_to_cac_ratio", "as_of_date", 3.0, 3.0, 5.0, "higher_is_better"),
    ("roi_pct", "month", 150, 50, 300, "higher_is_better"),
    ("cac_amount", "month", 40_000, 25_000, 60_000, "lower_is_better"),
    ("influence_rate", "month", 0.70, 0.50, 0.85, "higher_is_better"),
    ("referral_win_rate", "month", 0.40, 0.30, 0.50, "higher_is_better"),
    ("citation_rate", "week", 0.35, 0.25, 0.45, "higher_is_better"),
)

FX_FIRST_MONTH = date(2024, 1, 1)
FX_LAST_MONTH = date(2026, 12, 1)
FX_START = {"EUR": 1.09, "GBP": 1.27}
FX_GAPS = {("GBP", date(2025, 8, 1))}
"""Months left out on purpose: conversion must fall back to the latest earlier month."""

PROGRAM_COST_PLAN: tuple[tuple[str, str, float, str], ...] = (
    # program, category, monthly amount at scale 1, currency
    ("abm_one_to_one", "people", 14_000, "USD"),
    ("abm_one_to_one", "content", 4_500, "USD"),
    ("abm_one_to_one", "events", 6_000, "EUR"),
    ("abm_one_to_few", "tools", 5_000, "USD"),
    ("abm_one_to_few", "content", 3_000, "GBP"),
    ("abm_one_to_few", "media", 2_500, "USD"),
    ("abm_one_to_many", "tools", 6_500, "USD"),
    ("abm_one_to_many", "media", 4_000, "USD"),
    ("abm_one_to_many", "other", 1_000, "EUR"),
)


def fx_rates() -> dict[tuple[str, date], float]:
    """Monthly rates to USD (reporting-currency units per unit), a fixed random walk.

    USD is 1 every month. One GBP month is missing on purpose (FX_GAPS).
    """
    rng = np.random.default_rng(20241001)
    rates: dict[tuple[str, date], float] = {}
    for currency, start in FX_START.items():
        level = start
        for month in month_starts(FX_FIRST_MONTH, FX_LAST_MONTH):
            level *= float(np.exp(rng.normal(0, 0.012)))
            if (currency, month) not in FX_GAPS:
                rates[(currency, month)] = round(level, 6)
    for month in month_starts(FX_FIRST_MONTH, FX_LAST_MONTH):
        rates[("USD", month)] = 1.0
    return rates


def usd_per_unit(currency: str, day: date, rates: dict[tuple[str, date], float]) -> float:
    """Rate of `currency` for `day`'s month, else the latest earlier month, else the first."""
    month = date(day.year, day.month, 1)
    candidates = [m for (c, m) in rates if c == currency and m <= month]
    if candidates:
        return rates[(currency, max(candidates))]
    return rates[(currency, min(m for (c, m) in rates if c == currency))]


def _static_tables() -> dict[str, pd.DataFrame]:
    icp = pd.DataFrame(ICP_CRITERIA)
    weights = pd.DataFrame(ENGAGEMENT_WEIGHTS,
                           columns=["activity_type", "channel", "points", "channel_cap"])
    stages = pd.DataFrame(STAGE_MAPPING, columns=["stage_name", "funnel_stage", "stage_order",
                                                  "is_pipeline", "is_closed", "is_won"])
    sources = pd.DataFrame(sorted(LEAD_SOURCE_CHANNELS.items()), columns=["lead_source", "channel"])
    personal = pd.DataFrame({"domain": sorted(voc.PERSONAL_EMAIL_DOMAINS)})
    kpis = pd.DataFrame(KPI_TARGETS, columns=["kpi_id", "grain", "target_value", "benchmark_low",
                                              "benchmark_high", "direction"])
    return {"icp_criteria": icp, "engagement_weights": weights, "stage_mapping": stages,
            "lead_source_channels": sources, "personal_email_domains": personal,
            "kpi_targets": kpis}


def _fx_table() -> pd.DataFrame:
    rows = [(c, m.isoformat(), f"{r:.6f}") for (c, m), r in fx_rates().items()]
    return pd.DataFrame(sorted(rows), columns=["currency_code", "month_start_date",
                                               "rate_to_reporting"])


def _program_costs(world: World) -> pd.DataFrame:
    rng = world.streams("program-costs")
    rows = []
    for month in month_starts(WINDOW_START, WINDOW_END):
        ramp = 0.7 + 0.3 * min(1.0, (month - WINDOW_START).days / 180)
        for program, category, amount, currency in PROGRAM_COST_PLAN:
            if category == "events" and month.month in (1, 8):
                continue  # no events in January and August
            value = amount * world.scale * ramp * rng.uniform(0.85, 1.15)
            rows.append((month.isoformat(), program, category, f"{value:.2f}", currency))
    return pd.DataFrame(rows, columns=["month_start_date", "program", "category", "amount",
                                       "currency_code"])


def _revenue_targets(world: World) -> pd.DataFrame:
    per_quarter = {"tier_1": 110_000, "tier_2": 160_000, "tier_3": 130_000}
    rows = []
    quarters = quarter_starts(WINDOW_START, WINDOW_END)
    last = quarters[-1]
    next_quarter = date(last.year + (last.month == 10), (last.month + 2) % 12 + 1, 1)
    for n, quarter in enumerate(quarters + [next_quarter]):
        growth = 1.0 + 0.04 * n
        for segment, amount in per_quarter.items():
            rows.append((quarter.isoformat(), segment, f"{amount * growth * world.scale:.2f}"))
    return pd.DataFrame(rows, columns=["quarter_start_date", "segment", "revenue_target_amount"])


# Organizations of the hand-made test fixture (python_tests/fixtures/extracts), which builds
# with these same configuration seeds; no demo organization uses these numbers.
FIXTURE_ORGANIZATIONS: tuple[tuple[int, str], ...] = (
    (990000001, "acmestores.com"),
    (990000002, "onyxdata.com"),
    (990000003, "juniperdata.com"),
    (990000004, "helixmanufacturing.com"),
)


def _organization_domains(world: World) -> pd.DataFrame:
    """LinkedIn organizations of most CRM companies and some others (a few stay unmapped),
    then the test fixture's organizations."""
    rng = world.streams("linkedin-organizations")
    companies = {a.company.org_number: a.company.domain for a in world.accounts}
    companies.update({c.org_number: c.domain for c in world.other_companies})
    rows = [(f"urn:li:organization:{org}", domain) for org, domain in sorted(companies.items())
            if rng.random() < 0.92]
    rows += [(f"urn:li:organization:{org}", domain) for org, domain in FIXTURE_ORGANIZATIONS]
    return pd.DataFrame(rows, columns=["organization_urn", "domain"])


def build_config_tables(world: World, ads: AdsPlan) -> dict[str, pd.DataFrame]:
    """Every configuration seed as a table of text values (None for empty cells)."""
    tables = _static_tables()
    tables["fx_rates"] = _fx_table()
    tables["program_costs"] = _program_costs(world)
    tables["revenue_targets"] = _revenue_targets(world)
    tables["linkedin_organization_domains"] = _organization_domains(world)
    tables["ad_campaign_programs"] = ads.program_table()
    return tables


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0")
    return str(value)


def write_config_seeds(world: World, ads: AdsPlan, out_dir: Path) -> dict[str, int]:
    """Write seeds/config-style CSV files; returns rows written per seed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, table in build_config_tables(world, ads).items():
        text = table.apply(lambda column: column.map(_text))
        text.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")
        counts[name] = len(table)
    return counts
