"""The revenue layer and the phase 3 (pipeline) and phase 4 (close and ROI) KPI marts on the
hand-made fixture (python_tests/fixtures/extracts, story in its README.md, section "Revenue
additions" for the rows added for these tests).

Every expected number was worked out on paper from the fixture rows, the configuration seeds
(seeds/config: fx_rates, program_costs, ad_campaign_programs, lead_source_channels,
revenue_targets, kpi_targets, stage_mapping) and the KPI catalogue (docs/kpi_catalogue.md); the working is
in the comments. as_of_date = 2026-03-31 (latest event date of the fixture). When a number here
disagrees with the build, read the model's SQL before touching either; a model that is wrong
versus the catalogue is marked xfail(strict=True) with the reason, never "fixed" here.

Fixture facts used throughout (segment = tier on the day, else non_target):
  acc_01 tier_1 since 2025-01-06; acc_02 tier_1 since 2025-01-06; acc_03 tier_2 2025-01-06 ..
  2025-06-30 (removed), again from 2025-10-06; acc_04 tier_2 since 2025-04-07; acc_05 tier_3
  since 2025-07-07; acc_06 / acc_07 tier_3 since 2025-01-06; acc_09 never a target.
  FX (seed): EUR 2025-02 1.114615, 2025-10 1.118567, 2025-11 1.097459, 2025-12 1.118358,
  2026-01 1.117514, 2026-03 1.112294; GBP 2025-05 1.207591, 2025-07 1.217365, 2025-08 has NO
  row (carried forward from July), 2025-09 1.188285, 2026-01 1.214602.
  Opportunities (New Business unless said): opp_01 acc_01 120,000 USD won 2025-06-27 (created
  2025-02-24); opp_02 acc_02 80,000 EUR open (created 2025-10-06, closes 2026-04-30); opp_03
  acc_01 Expansion 30,000 USD won 2026-01-15 (created 2025-11-03); opp_04 acc_04 50,000 GBP lost
  2025-09-30 (created 2025-05-20); opp_05 acc_05 45,000 USD open (created 2026-03-16); opp_06
  acc_03 40,000 USD open (created 2025-12-01); added: opp_08 acc_03 20,000 GBP won 2026-01-20
  (created 2025-08-11, in acc_03's gap), opp_09 acc_09 10,000 USD lost 2026-01-27 (created
  2025-11-10), opp_10 acc_02 15,000 EUR won 2026-01-23 (created 2025-11-17), opp_11 acc_01
  25,000 USD lost 2026-01-29 (created 2025-12-08), opp_12 acc_01 18,000 USD lost 2025-08-29
  (created 2025-04-07).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from support.warehouse import Warehouse

D = dt.date


class approx:  # noqa: N801 (reads like pytest.approx, which it wraps)
    """pytest.approx that also compares with the exact decimals the money columns hold.

    Amounts come back as Decimal (decimal(38,8)); the hand-computed expectations here are floats,
    so an amount is compared as the float nearest to it. Exactness itself is asserted with
    Decimal literals in test_money_is_exact_decimal."""

    def __init__(self, expected: Any, **tolerances: Any) -> None:
        self.expected = pytest.approx(expected, **tolerances)

    def __eq__(self, actual: object) -> bool:
        if isinstance(actual, Decimal):
            actual = float(actual)
        elif isinstance(actual, (list, tuple)):
            actual = type(actual)(float(value) if isinstance(value, Decimal) else value for value in actual)
        return self.expected == actual

    def __repr__(self) -> str:
        return repr(self.expected)


def _rows(warehouse: Warehouse, table: str, columns: str, where: str, parameters: list | None = None) -> list[dict]:
    names = [name.strip() for name in columns.split(",")]
    result = warehouse.query(f"select {columns} from {table} where {where}", parameters)
    return [dict(zip(names, row)) for row in result]


def _row(warehouse: Warehouse, table: str, columns: str, where: str, parameters: list | None = None) -> dict:
    rows = _rows(warehouse, table, columns, where, parameters)
    assert len(rows) == 1, f"expected one row of {table} where {where} {parameters}, got {rows}"
    return rows[0]


def _month_segment(warehouse: Warehouse, mart: str, columns: str, month: dt.date, segment: str) -> dict:
    return _row(
        warehouse, f"marts.{mart}", columns, "month_start_date = ? and segment = ?", [month, segment]
    )


# ABM cost per month (int_abm_costs_monthly): program costs of the seed, each line at its month's
# rate, plus ABM ad spend (only March 2026 has ad spend in the fixture).
#   2025-02: USD 31,427.55 + EUR 5,669.53 × 1.114615 + GBP 2,528.02 × 1.224938 = 40,843.56094371
#   2025-05: USD 37,755.44 (15,678.23 + 4,978.06 + 5,066.91 + 2,548.84 + 5,866.42 + 3,616.98)
#            + EUR 7,375.25 (6,318.43 + 1,056.82) × 1.099464 + GBP 2,597.97 × 1.207591
#            = 37,755.44 + 8,108.82205 + 3,137.28500627 = 49,001.54705627
#   2025-08: USD 37,315.51 + GBP 2,917.65 × 1.217365 (July's rate: GBP has no August row)
#            + EUR 961.49 × 1.094908 = 41,920.09808517
#   2026-01: USD 33,302.42 + GBP 2,799.08 × 1.214602 + EUR 1,081.65 × 1.117514 = 37,910.94718426
#   2026-03: program USD 38,748.01 + EUR 6,347.49 × 1.112294 + GBP 2,989.49 × 1.171146
#            = 49,309.41429760; ad spend of ABM campaigns: LinkedIn 612403321 (abm_one_to_one)
#            500 (2026-03-02, kept copy, cost_in_usd) + 400 (2026-03-03); Google 1700999001
#            ("ABM - Competitor Terms EU" → pattern → abm_one_to_many) 30 EUR × 1.112294 =
#            33.36882; LinkedIn 612436554 (demand_gen) and Google 1700063935 (brand) are not ABM
#            → 933.36882; total 50,242.78311760
COST_2025_02 = 40843.56094371
COST_2025_05 = 49001.54705627
COST_2025_08 = 41920.09808517
COST_2026_01 = 37910.94718426
COST_2026_03 = 49309.41429760 + 933.36882
# 12 months 2025-04 .. 2026-03: 47,196.13473616 + 49,001.54705627 + 48,162.42913906
#   + 49,820.91544528 + 41,920.09808517 + 49,685.32155314 + 47,752.42302882 + 50,085.38764975
#   + 48,707.51273014 + 37,910.94718426 + 46,773.14773381 + 50,242.78311760 = 567,258.64745946
COST_12M_2026_03 = 567258.64745946


# --- the revenue layer: fct_opportunities and fx -----------------------------------------


def test_fct_opportunities_segment_is_point_in_time(fixture_warehouse: Warehouse) -> None:
    rows = {
        row[0]: row[1:]
        for row in fixture_warehouse.query("select opportunity_id, segment, is_abm from marts.fct_opportunities")
    }
    assert rows == {
        "opp_01": ("tier_1", True),
        "opp_02": ("tier_1", True),
        "opp_03": ("tier_1", True),
        "opp_04": ("tier_2", True),  # acc_04 listed 2025-04-07, opp created 2025-05-20
        "opp_05": ("tier_3", True),  # acc_05 listed 2025-07-07
        "opp_06": ("tier_2", True),  # created 2025-12-01: acc_03 re-added 2025-10-06
        "opp_08": ("non_target", False),  # created 2025-08-11: in acc_03's gap (06-30 .. 10-06)
        "opp_09": ("non_target", False),  # acc_09's only target row is rejected
        "opp_10": ("tier_1", True),
        "opp_11": ("tier_1", True),
        "opp_12": ("tier_1", True),
        # opp_07 deleted; opp_91..opp_94 rejected in staging (opp_93: currency XYZ)
    }


def test_money_is_exact_decimal(fixture_warehouse: Warehouse) -> None:
    # Every amount is decimal(38,8): a local amount times a six-decimal fx rate, and the sums of
    # such products, are exact, with no float noise and the same digits on every build.
    types = dict(
        fixture_warehouse.query(
            "select table_name || '.' || column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and column_name like '%amount'"
        )
    )
    assert types["fct_opportunities.pipeline_amount"] == "DECIMAL(38,8)"
    assert types["kpi_abm_roi.abm_cost_amount"] == "DECIMAL(38,8)"
    assert {data_type for data_type in types.values()} == {"DECIMAL(38,8)"}
    # opp_10: 15,000 EUR × 1.097459 (2025-11) = 16,461.885 exactly; won at 2026-01's 1.117514 →
    # 16,762.71 exactly
    assert fixture_warehouse.query(
        "select pipeline_amount, won_amount from marts.fct_opportunities where opportunity_id = 'opp_10'"
    ) == [(Decimal("16461.885"), Decimal("16762.71"))]
    # ABM cost of 2025-02 (see COST_2025_02): 31,427.55 + 5,669.53 × 1.114615 (= 6,319.34318095)
    # + 2,528.02 × 1.224938 (= 3,096.66776276) = 40,843.56094371, to the last of its 8 decimals
    assert fixture_warehouse.query(
        "select abm_cost_amount from marts.kpi_abm_roi where month_start_date = ?", [D(2025, 2, 1)]
    ) == [(Decimal("40843.56094371"),)]
    # 2026-03: program costs 49,309.41429760 + ABM ad spend 933.36882 = 50,242.78311760
    assert fixture_warehouse.query(
        "select abm_cost_amount from marts.kpi_cost_per_sql where month_start_date = ?", [D(2026, 3, 1)]
    ) == [(Decimal("50242.78311760"),)]


def test_fct_opportunities_amounts_at_creation_and_close_month_rates(fixture_warehouse: Warehouse) -> None:
    columns = (
        "currency_code, amount_local, created_rate_to_reporting, close_rate_to_reporting, "
        "pipeline_amount, won_amount, lost_amount"
    )
    # opp_02: 80,000 EUR created 2025-10 (1.118567) → 89,485.36; open: no won / lost amount
    opp_02 = _row(fixture_warehouse, "marts.fct_opportunities", columns, "opportunity_id = 'opp_02'")
    assert opp_02["pipeline_amount"] == approx(89485.36)
    assert (opp_02["won_amount"], opp_02["lost_amount"]) == (None, None)
    # opp_04: 50,000 GBP created 2025-05 (1.207591) → 60,379.55; lost 2025-09 (1.188285) → 59,414.25
    opp_04 = _row(fixture_warehouse, "marts.fct_opportunities", columns, "opportunity_id = 'opp_04'")
    assert opp_04["created_rate_to_reporting"] == approx(1.207591)
    assert opp_04["close_rate_to_reporting"] == approx(1.188285)
    assert opp_04["pipeline_amount"] == approx(60379.55)
    assert opp_04["lost_amount"] == approx(59414.25)
    assert opp_04["won_amount"] is None
    # opp_08: 20,000 GBP created 2025-08, a month without a GBP rate: July's 1.217365 is carried
    # forward → 24,347.30; won 2026-01 (1.214602) → 24,292.04
    opp_08 = _row(fixture_warehouse, "marts.fct_opportunities", columns, "opportunity_id = 'opp_08'")
    assert opp_08["created_rate_to_reporting"] == approx(1.217365)
    assert opp_08["pipeline_amount"] == approx(24347.30)
    assert opp_08["won_amount"] == approx(24292.04)
    # opp_10: 15,000 EUR created 2025-11 (1.097459) → 16,461.885; won 2026-01 (1.117514) → 16,762.71
    opp_10 = _row(fixture_warehouse, "marts.fct_opportunities", columns, "opportunity_id = 'opp_10'")
    assert opp_10["pipeline_amount"] == approx(16461.885)
    assert opp_10["won_amount"] == approx(16762.71)
    # opp_03: 'usd' → USD at 1
    opp_03 = _row(fixture_warehouse, "marts.fct_opportunities", columns, "opportunity_id = 'opp_03'")
    assert (opp_03["currency_code"], opp_03["pipeline_amount"], opp_03["won_amount"]) == ("USD", 30000, 30000)


def test_fx_rate_carried_forward_and_unknown_currency_rejected(fixture_warehouse: Warehouse) -> None:
    # GBP has no 2025-08 row in the seed: the month takes July's rate, flagged as carried forward
    assert _row(
        fixture_warehouse,
        "intermediate.int_fx_rates_monthly",
        "cast(rate_to_reporting as double), is_carried_forward",
        "currency_code = 'GBP' and month_start_date = date '2025-08-01'",
    ) == {"cast(rate_to_reporting as double)": approx(1.217365), "is_carried_forward": True}
    # XYZ has no rate at all: never converted at 1. opp_93 (9,000 XYZ) is rejected with the
    # reason and appears in no opportunity model; the subscription sub_05 (900 XYZ) likewise.
    assert fixture_warehouse.query(
        "select 1 from intermediate.int_fx_rates_monthly where currency_code = 'XYZ'"
    ) == []
    assert fixture_warehouse.query(
        "select source_key, reject_reason from audit.audit_extract_rejects "
        "where extract_name in ('crm__opportunity', 'billing__subscription') and reject_reason = 'unknown_currency' "
        "order by source_key"
    ) == [("opp_93", "unknown_currency"), ("sub_05", "unknown_currency")]
    assert fixture_warehouse.query("select 1 from marts.fct_opportunities where opportunity_id = 'opp_93'") == []
    # every kept opportunity has a known currency, so nothing reaches the fx reject list
    assert fixture_warehouse.query(
        "select 1 from intermediate.int_amounts_fx_rejected where record_type = 'opportunity'"
    ) == []


def test_fct_opportunities_stage_dates_and_cycle(fixture_warehouse: Warehouse) -> None:
    # The per-stage columns are pivoted from the stage_mapping seed in fct_opportunities_wide
    # (fct_opportunities itself has no stage name in its columns).
    # opp_01: Prospecting 2025-02-24, Discovery 03-17, 'proposal' 04-21, Negotiation 05-26,
    # Closed Won 06-27: 21 + 35 + 35 + 32 = 123 days in open stages; cycle 02-24 → 06-27 = 123
    assert _row(
        fixture_warehouse,
        "marts.fct_opportunities_wide",
        "prospecting_entered_date, prospecting_exited_date, prospecting_days, discovery_days, "
        "proposal_entered_date, proposal_days, negotiation_entered_date, negotiation_exited_date, "
        "negotiation_days, evaluation_entered_date, days_in_open_stages, sales_cycle_days, open_age_days",
        "opportunity_id = 'opp_01'",
    ) == {
        "prospecting_entered_date": D(2025, 2, 24),
        "prospecting_exited_date": D(2025, 3, 17),
        "prospecting_days": 21,
        "discovery_days": 35,
        "proposal_entered_date": D(2025, 4, 21),
        "proposal_days": 35,
        "negotiation_entered_date": D(2025, 5, 26),
        "negotiation_exited_date": D(2025, 6, 27),
        "negotiation_days": 32,
        "evaluation_entered_date": None,  # no Demo stage
        "days_in_open_stages": 123,
        "sales_cycle_days": 123,
        "open_age_days": None,
    }
    # opp_08 skips Discovery: Prospecting 2025-08-11 → Proposal 10-20 (70 days) → Closed Won
    # 2026-01-20 (92 days); cycle 2025-08-11 → 2026-01-20 = 162 days
    assert _row(
        fixture_warehouse,
        "marts.fct_opportunities_wide",
        "prospecting_days, discovery_entered_date, proposal_entered_date, proposal_days, sales_cycle_days",
        "opportunity_id = 'opp_08'",
    ) == {
        "prospecting_days": 70,
        "discovery_entered_date": None,
        "proposal_entered_date": D(2025, 10, 20),
        "proposal_days": 92,
        "sales_cycle_days": 162,
    }
    # open opp_02: Prospecting 2025-10-06 → Proposal 12-08 (63) → Negotiation 2026-03-02, still
    # there on 2026-03-31 (29 days so far); age 2025-10-06 → 2026-03-31 = 176 days
    assert _row(
        fixture_warehouse,
        "marts.fct_opportunities_wide",
        "current_funnel_stage, current_stage_entered_date, prospecting_days, proposal_days, "
        "negotiation_days, negotiation_exited_date, sales_cycle_days, open_age_days",
        "opportunity_id = 'opp_02'",
    ) == {
        "current_funnel_stage": "negotiation",
        "current_stage_entered_date": D(2026, 3, 2),
        "prospecting_days": 63,
        "proposal_days": 84,  # 2025-12-08 → 2026-03-02
        "negotiation_days": 29,
        "negotiation_exited_date": None,
        "sales_cycle_days": None,
        "open_age_days": 176,
    }


# --- funnel people and SQL volume ----------------------------------------------------------


def test_funnel_people_counts_a_converted_lead_once(fixture_warehouse: Warehouse) -> None:
    rows = {
        row[0]: row[1:]
        for row in fixture_warehouse.query(
            "select person_id, account_id, mql_date, mql_segment, sql_date, sql_segment "
            "from intermediate.int_funnel_people_segmented"
        )
    }
    assert rows == {
        # con_01: mql 2025-02-10, sql 2025-02-20, acc_01 tier_1
        "con_01": ("acc_01", D(2025, 2, 10), "tier_1", D(2025, 2, 20), "tier_1"),
        # con_03: mql 2025-10-01, no sql
        "con_03": ("acc_02", D(2025, 10, 1), "tier_1", None, None),
        # con_04 and its converted lead led_01 (mql 05-05, sql 05-20) are one person
        "con_04": ("acc_04", D(2025, 5, 5), "tier_2", D(2025, 5, 20), "tier_2"),
        # con_05 (newer copy): mql 2026-03-10, acc_05 tier_3 since 2025-07-07
        "con_05": ("acc_05", D(2026, 3, 10), "tier_3", None, None),
        # led_02 (not converted): account by email domain helixmanufacturing.com, never a target
        "led_02": ("acc_09", D(2025, 9, 15), "non_target", None, None),
    }


def test_kpi_sql_volume(fixture_warehouse: Warehouse) -> None:
    columns = "mqls, sqls, mqls_reached_sql, mql_to_sql_rate"
    # May 2025 tier_2: con_04 = led_01, MQL 05-05 and SQL 05-20: one person, not two
    assert _month_segment(fixture_warehouse, "kpi_sql_volume", columns, D(2025, 5, 1), "tier_2") == {
        "mqls": 1, "sqls": 1, "mqls_reached_sql": 1, "mql_to_sql_rate": 1.0,
    }
    # Oct 2025 tier_1: con_03 MQL, never SQL → 0 / 1
    assert _month_segment(fixture_warehouse, "kpi_sql_volume", columns, D(2025, 10, 1), "tier_1") == {
        "mqls": 1, "sqls": 0, "mqls_reached_sql": 0, "mql_to_sql_rate": 0.0,
    }
    # Sep 2025 non_target: led_02 (Helix)
    assert _month_segment(fixture_warehouse, "kpi_sql_volume", columns, D(2025, 9, 1), "non_target")["mqls"] == 1
    # a month without MQLs: zero denominator → null rate, not 0
    assert _month_segment(fixture_warehouse, "kpi_sql_volume", columns, D(2025, 3, 1), "tier_1") == {
        "mqls": 0, "sqls": 0, "mqls_reached_sql": 0, "mql_to_sql_rate": None,
    }


def test_kpi_cost_per_sql(fixture_warehouse: Warehouse) -> None:
    columns = "abm_cost_amount, sqls, cost_per_sql_amount"
    # May 2025: one target-account SQL (con_04, tier_2) → cost per SQL = the month's ABM cost
    assert _row(fixture_warehouse, "marts.kpi_cost_per_sql", columns, "month_start_date = date '2025-05-01'") == {
        "abm_cost_amount": approx(COST_2025_05), "sqls": 1, "cost_per_sql_amount": approx(COST_2025_05),
    }
    # Feb 2025: con_01 (tier_1)
    assert _row(fixture_warehouse, "marts.kpi_cost_per_sql", columns, "month_start_date = date '2025-02-01'") == {
        "abm_cost_amount": approx(COST_2025_02), "sqls": 1, "cost_per_sql_amount": approx(COST_2025_02),
    }
    # Aug 2025: GBP program cost at July's carried-forward rate; no SQL → null
    assert _row(fixture_warehouse, "marts.kpi_cost_per_sql", columns, "month_start_date = date '2025-08-01'") == {
        "abm_cost_amount": approx(COST_2025_08), "sqls": 0, "cost_per_sql_amount": None,
    }
    # Mar 2026: program costs + ABM ad spend
    assert _row(
        fixture_warehouse, "marts.kpi_cost_per_sql", "abm_cost_amount", "month_start_date = date '2026-03-01'"
    ) == {"abm_cost_amount": approx(COST_2026_03)}


# --- pipeline ------------------------------------------------------------------------------


def test_kpi_pipeline_created(fixture_warehouse: Warehouse) -> None:
    columns = "meetings, opportunities_created, pipeline_created_amount, avg_opportunity_amount"
    # Aug 2025 non_target: opp_08 (acc_03 off the list), 20,000 GBP × 1.217365 (carried forward)
    assert _month_segment(fixture_warehouse, "kpi_pipeline_created", columns, D(2025, 8, 1), "non_target") == {
        "meetings": 0, "opportunities_created": 1,
        "pipeline_created_amount": approx(24347.30), "avg_opportunity_amount": approx(24347.30),
    }
    # Oct 2025 tier_1: opp_02 89,485.36 and the meeting evt_02 (2025-10-20, acc_02)
    assert _month_segment(fixture_warehouse, "kpi_pipeline_created", columns, D(2025, 10, 1), "tier_1") == {
        "meetings": 1, "opportunities_created": 1,
        "pipeline_created_amount": approx(89485.36), "avg_opportunity_amount": approx(89485.36),
    }
    # Nov 2025 tier_1: opp_10 (16,461.885); opp_03 (created 11-03) is Expansion, not counted
    assert _month_segment(fixture_warehouse, "kpi_pipeline_created", columns, D(2025, 11, 1), "tier_1") == {
        "meetings": 0, "opportunities_created": 1,
        "pipeline_created_amount": approx(16461.885), "avg_opportunity_amount": approx(16461.885),
    }
    # Dec 2025 tier_2: opp_06 (acc_03 back on the list since 10-06), 40,000 USD
    assert _month_segment(fixture_warehouse, "kpi_pipeline_created", columns, D(2025, 12, 1), "tier_2") == {
        "meetings": 0, "opportunities_created": 1,
        "pipeline_created_amount": approx(40000.0), "avg_opportunity_amount": approx(40000.0),
    }
    # Mar 2025 tier_1: the Demo evt_01 (2025-03-18, acc_01) and no opportunity → null average
    assert _month_segment(fixture_warehouse, "kpi_pipeline_created", columns, D(2025, 3, 1), "tier_1") == {
        "meetings": 1, "opportunities_created": 0, "pipeline_created_amount": 0.0, "avg_opportunity_amount": None,
    }


def test_kpi_pipeline_required_q1_2026_tier_1(fixture_warehouse: Warehouse) -> None:
    # Quarter 2026-01-01, tier_1: target 132,000 (seed). Snapshot = quarter start 2026-01-01.
    # Closed New Business + Expansion tier_1 opportunities in the 4 quarters before
    # [2025-01-01, 2026-01-01): opp_01 won (120,000), opp_12 lost → win rate 1 / 2 = 0.5, deal size
    # 120,000; required pipeline = 132,000 / 0.5 = 264,000; required opportunities = 2.2.
    # Open on 2026-01-01 and closing in Q1 2026: opp_03 (30,000, Expansion), opp_10 (16,461.885),
    # opp_11 (25,000) = 71,461.885 (opp_02 closes in April); coverage = 71,461.885 / 264,000.
    # No tier_1 stay began 12-24 months before the snapshot (both began 2025-01-06) → the creation
    # rate and required target accounts are null.
    assert _row(
        fixture_warehouse,
        "marts.kpi_pipeline_required",
        "revenue_target_amount, won_opportunities_4q, closed_opportunities_4q, win_rate, avg_deal_size_amount, "
        "required_pipeline_amount, required_opportunities, open_opportunities, open_pipeline_amount, "
        "pipeline_coverage_rate, required_target_accounts",
        "quarter_start_date = date '2026-01-01' and segment = 'tier_1'",
    ) == {
        "revenue_target_amount": approx(132000.0),
        "won_opportunities_4q": 1,
        "closed_opportunities_4q": 2,
        "win_rate": approx(0.5),
        "avg_deal_size_amount": approx(120000.0),
        "required_pipeline_amount": approx(264000.0),
        "required_opportunities": approx(2.2),
        "open_opportunities": 3,
        "open_pipeline_amount": approx(71461.885),
        "pipeline_coverage_rate": approx(71461.885 / 264000),
        "required_target_accounts": None,
    }


def test_kpi_pipeline_velocity(fixture_warehouse: Warehouse) -> None:
    columns = (
        "open_opportunities, won_opportunities_12m, lost_opportunities_12m, win_rate, avg_deal_size_amount, "
        "avg_sales_cycle_days, sales_velocity_amount_per_day"
    )
    # Jan 2026 tier_1, snapshot 2026-01-31, New Business only. Open: opp_02 (opp_10 and opp_11
    # closed on 01-23 / 01-29) = 1. Closed in (2025-01-31, 2026-01-31]: opp_01 won (123 days),
    # opp_12 lost, opp_10 won (2025-11-17 → 2026-01-23 = 67 days), opp_11 lost → win rate 0.5;
    # deal size (120,000 + 16,762.71) / 2 = 68,381.355; cycle (123 + 67) / 2 = 95;
    # velocity = 1 × 0.5 × 68,381.355 / 95 = 359.90186842...
    assert _month_segment(fixture_warehouse, "kpi_pipeline_velocity", columns, D(2026, 1, 1), "tier_1") == {
        "open_opportunities": 1,
        "won_opportunities_12m": 2,
        "lost_opportunities_12m": 2,
        "win_rate": approx(0.5),
        "avg_deal_size_amount": approx(68381.355),
        "avg_sales_cycle_days": approx(95.0),
        "sales_velocity_amount_per_day": approx(1 * 0.5 * 68381.355 / 95),
    }
    # Jan 2026 non_target: nothing open → velocity 0; opp_08 won (24,292.04, 162 days), opp_09 lost
    assert _month_segment(fixture_warehouse, "kpi_pipeline_velocity", columns, D(2026, 1, 1), "non_target") == {
        "open_opportunities": 0,
        "won_opportunities_12m": 1,
        "lost_opportunities_12m": 1,
        "win_rate": approx(0.5),
        "avg_deal_size_amount": approx(24292.04),
        "avg_sales_cycle_days": approx(162.0),
        "sales_velocity_amount_per_day": 0.0,
    }


def test_kpi_stage_conversion(fixture_warehouse: Warehouse) -> None:
    columns = "entered_opportunities, converted_opportunities, stage_conversion_rate, median_days_in_stage"

    def stage(month: dt.date, segment: str, funnel_stage: str) -> dict:
        return _row(
            fixture_warehouse,
            "marts.kpi_stage_conversion",
            columns,
            "month_start_date = ? and segment = ? and funnel_stage = ?",
            [month, segment, funnel_stage],
        )

    # Dec 2025 tier_1 prospecting: opp_11 entered 12-08, went to Closed Lost 2026-01-29 (52 days):
    # a lost stage is not a conversion → 0 / 1
    assert stage(D(2025, 12, 1), "tier_1", "prospecting") == {
        "entered_opportunities": 1, "converted_opportunities": 0, "stage_conversion_rate": 0.0,
        "median_days_in_stage": 52.0,
    }
    # Dec 2025 tier_1 negotiation: opp_10 entered 12-15, Closed Won 2026-01-23 (39 days) → 1 / 1
    assert stage(D(2025, 12, 1), "tier_1", "negotiation") == {
        "entered_opportunities": 1, "converted_opportunities": 1, "stage_conversion_rate": 1.0,
        "median_days_in_stage": 39.0,
    }
    # Aug 2025 non_target prospecting: opp_08 skipped Discovery for Proposal (70 days): converted
    assert stage(D(2025, 8, 1), "non_target", "prospecting") == {
        "entered_opportunities": 1, "converted_opportunities": 1, "stage_conversion_rate": 1.0,
        "median_days_in_stage": 70.0,
    }
    # May 2025 tier_1 discovery: opp_12 entered 05-12, lost 08-29 (109 days) → 0 / 1
    assert stage(D(2025, 5, 1), "tier_1", "discovery") == {
        "entered_opportunities": 1, "converted_opportunities": 0, "stage_conversion_rate": 0.0,
        "median_days_in_stage": 109.0,
    }
    # Mar 2026 tier_3 prospecting: opp_05 entered 03-16, still there → not converted, no median
    assert stage(D(2026, 3, 1), "tier_3", "prospecting") == {
        "entered_opportunities": 1, "converted_opportunities": 0, "stage_conversion_rate": 0.0,
        "median_days_in_stage": None,
    }


def test_kpi_speed_to_lead(fixture_warehouse: Warehouse) -> None:
    columns = (
        "signals, responded_signals, within_sla_signals, median_response_hours, p90_response_hours, within_sla_rate"
    )

    def week(start: dt.date, segment: str) -> dict:
        return _row(
            fixture_warehouse, "marts.kpi_speed_to_lead", columns, "week_start_date = ? and segment = ?", [start, segment]
        )

    # Week 2025-05-05 tier_2: demo request fs_01 (2025-05-05 14:00, acc_04); task tsk_07 dated
    # 2025-05-06 (00:00) → 10 hours, within the 24-hour SLA
    assert week(D(2025, 5, 5), "tier_2") == {
        "signals": 1, "responded_signals": 1, "within_sla_signals": 1,
        "median_response_hours": 10.0, "p90_response_hours": 10.0, "within_sla_rate": 1.0,
    }
    # Week 2026-03-02 tier_1: acc_01 pricing view web_01 (03-02 10:00) answered by tsk_08 dated
    # 03-04 (00:00) → 38 hours, late; acc_02 intent surge (03-02 00:00) never answered
    # (it misses the SLA) → 2 signals, 1 responded, 0 within SLA
    assert week(D(2026, 3, 2), "tier_1") == {
        "signals": 2, "responded_signals": 1, "within_sla_signals": 0,
        "median_response_hours": 38.0, "p90_response_hours": 38.0, "within_sla_rate": 0.0,
    }
    # Week 2026-03-02 tier_3: acc_05 surge 03-02 00:00 answered by tsk_03 on 03-31 → 29 × 24 = 696 h
    assert week(D(2026, 3, 2), "tier_3") == {
        "signals": 1, "responded_signals": 1, "within_sla_signals": 0,
        "median_response_hours": 696.0, "p90_response_hours": 696.0, "within_sla_rate": 0.0,
    }


# --- close and ROI -------------------------------------------------------------------------


def test_kpi_win_rate_january_2026(fixture_warehouse: Warehouse) -> None:
    columns = "won_opportunities, lost_opportunities, win_rate, won_amount, lost_amount, amount_win_rate"
    # tier_1: opp_10 won (15,000 EUR × 1.117514 = 16,762.71), opp_11 lost (25,000 USD)
    assert _month_segment(fixture_warehouse, "kpi_win_rate", columns, D(2026, 1, 1), "tier_1") == {
        "won_opportunities": 1, "lost_opportunities": 1, "win_rate": 0.5,
        "won_amount": approx(16762.71), "lost_amount": approx(25000.0),
        "amount_win_rate": approx(16762.71 / (16762.71 + 25000)),
    }
    # non_target: opp_08 won (20,000 GBP × 1.214602 = 24,292.04), opp_09 lost (10,000 USD);
    # opp_03 (Expansion, won 01-15) is not New Business
    assert _month_segment(fixture_warehouse, "kpi_win_rate", columns, D(2026, 1, 1), "non_target") == {
        "won_opportunities": 1, "lost_opportunities": 1, "win_rate": 0.5,
        "won_amount": approx(24292.04), "lost_amount": approx(10000.0),
        "amount_win_rate": approx(24292.04 / (24292.04 + 10000)),
    }
    # Sep 2025 tier_2: opp_04 lost at September's GBP rate: 50,000 × 1.188285 = 59,414.25
    assert _month_segment(fixture_warehouse, "kpi_win_rate", columns, D(2025, 9, 1), "tier_2") == {
        "won_opportunities": 0, "lost_opportunities": 1, "win_rate": 0.0,
        "won_amount": 0.0, "lost_amount": approx(59414.25), "amount_win_rate": 0.0,
    }


def test_kpi_deal_size(fixture_warehouse: Warehouse) -> None:
    columns = "won_opportunities, avg_deal_size_amount, median_deal_size_amount"
    assert _month_segment(fixture_warehouse, "kpi_deal_size", columns, D(2026, 1, 1), "tier_1") == {
        "won_opportunities": 1, "avg_deal_size_amount": approx(16762.71), "median_deal_size_amount": approx(16762.71),
    }
    assert _month_segment(fixture_warehouse, "kpi_deal_size", columns, D(2026, 1, 1), "non_target") == {
        "won_opportunities": 1, "avg_deal_size_amount": approx(24292.04), "median_deal_size_amount": approx(24292.04),
    }
    assert _month_segment(fixture_warehouse, "kpi_deal_size", columns, D(2025, 6, 1), "tier_1") == {
        "won_opportunities": 1, "avg_deal_size_amount": approx(120000.0), "median_deal_size_amount": approx(120000.0),
    }


def test_mrr_movements(fixture_warehouse: Warehouse) -> None:
    rows = {
        (row[0], row[1]): row[2:]
        for row in fixture_warehouse.query(
            "select account_id, month_start_date, segment, movement_type, new_mrr_amount, expansion_mrr_amount, "
            "contraction_mrr_amount, churned_mrr_amount, reactivation_mrr_amount, ending_mrr_amount "
            "from intermediate.int_mrr_movements_classified"
        )
    }
    # acc_01 (tier_1 on 2025-07-01, its first subscription's start):
    # new: sub_01 10,000 USD from 2025-07-01
    assert rows[("acc_01", D(2025, 7, 1))] == ("tier_1", "new", 10000.0, 0.0, 0.0, 0.0, 0.0, 10000.0)
    # expansion: sub_07 Support 1,000 from 2025-10-01 → 11,000
    assert rows[("acc_01", D(2025, 10, 1))] == ("tier_1", "expansion", 0.0, 1000.0, 0.0, 0.0, 0.0, 11000.0)
    # contraction: sub_07 ends 2026-01-15 → 10,000 on 2026-01-31
    assert rows[("acc_01", D(2026, 1, 1))] == ("tier_1", "contraction", 0.0, 0.0, 1000.0, 0.0, 0.0, 10000.0)
    # expansion: sub_02 add-on 2,500 from 2026-02-01
    assert rows[("acc_01", D(2026, 2, 1))] == ("tier_1", "expansion", 0.0, 2500.0, 0.0, 0.0, 0.0, 12500.0)
    # acc_06 (tier_3 on 2025-02-01): sub_03 4,000 EUR from 2025-02-01 → new 4,000 × 1.114615 = 4,458.46
    # (money is exact: decimal(38,8), compared with Decimal literals)
    assert rows[("acc_06", D(2025, 2, 1))] == ("tier_3", "new", Decimal("4458.46"), 0, 0, 0, 0, Decimal("4458.46"))
    # churn: sub_03's end_date 2025-12-31 (the model's documented convention: active while
    # end_date > snapshot day, so not on 2025-12-31) → December's ending MRR is 0; the churned
    # amount is November's 4,000 EUR restated at December's rate: 4,000 × 1.118358 = 4,473.432
    # (exact, not rounded to cents)
    assert rows[("acc_06", D(2025, 12, 1))] == ("tier_3", "churn", 0, 0, 0, Decimal("4473.432"), 0, 0)
    # reactivation: sub_08 3,000 EUR from 2026-03-01 × 1.112294 = 3,336.882 (exact)
    assert rows[("acc_06", D(2026, 3, 1))] == (
        "tier_3", "reactivation", 0, 0, 0, 0, Decimal("3336.882"), Decimal("3336.882"),
    )
    # zero on both sides (acc_06 in Jan 2026) is not a movement
    assert ("acc_06", D(2026, 1, 1)) not in rows


def test_kpi_retention_expansion(fixture_warehouse: Warehouse) -> None:
    columns = (
        "starting_mrr_amount, fx_adjustment_mrr_amount, expansion_mrr_amount, contraction_mrr_amount, "
        "churned_mrr_amount, reactivation_mrr_amount, ending_mrr_amount, customers_start, churned_customers, "
        "logo_churn_rate, gross_revenue_retention_rate, net_revenue_retention_rate"
    )
    # Jan 2026 tier_1: 11,000 → 10,000 (contraction 1,000): GRR = NRR = 10,000 / 11,000
    assert _month_segment(fixture_warehouse, "kpi_retention_expansion", columns, D(2026, 1, 1), "tier_1") == {
        "starting_mrr_amount": 11000.0, "fx_adjustment_mrr_amount": 0.0, "expansion_mrr_amount": 0.0,
        "contraction_mrr_amount": 1000.0, "churned_mrr_amount": 0.0, "reactivation_mrr_amount": 0.0,
        "ending_mrr_amount": 10000.0, "customers_start": 1, "churned_customers": 0, "logo_churn_rate": 0.0,
        "gross_revenue_retention_rate": approx(10000 / 11000), "net_revenue_retention_rate": approx(10000 / 11000),
    }
    # Feb 2026 tier_1: 10,000 + 2,500 expansion: GRR 1, NRR 1.25
    feb = _month_segment(fixture_warehouse, "kpi_retention_expansion", columns, D(2026, 2, 1), "tier_1")
    assert (feb["gross_revenue_retention_rate"], feb["net_revenue_retention_rate"]) == (approx(1.0), approx(1.25))
    # Dec 2025 tier_3: acc_06 churns. Start = November as reported, 4,000 × 1.097459 = 4,389.836;
    # restated at December's rate 4,473.432 (fx adjustment 4,473.432 − 4,389.836 = 83.596);
    # churn 4,473.432 → GRR = NRR = 0. Exact decimals, never rounded to cents.
    assert _month_segment(fixture_warehouse, "kpi_retention_expansion", columns, D(2025, 12, 1), "tier_3") == {
        "starting_mrr_amount": Decimal("4389.836"), "fx_adjustment_mrr_amount": Decimal("83.596"),
        "expansion_mrr_amount": 0.0, "contraction_mrr_amount": 0.0, "churned_mrr_amount": Decimal("4473.432"),
        "reactivation_mrr_amount": 0.0, "ending_mrr_amount": 0.0, "customers_start": 1, "churned_customers": 1,
        "logo_churn_rate": 1.0, "gross_revenue_retention_rate": 0.0, "net_revenue_retention_rate": 0.0,
    }
    # Mar 2026 tier_3: reactivation from 0: starting 0 → retention rates null (zero denominator)
    assert _month_segment(fixture_warehouse, "kpi_retention_expansion", columns, D(2026, 3, 1), "tier_3") == {
        "starting_mrr_amount": 0.0, "fx_adjustment_mrr_amount": 0.0, "expansion_mrr_amount": 0.0,
        "contraction_mrr_amount": 0.0, "churned_mrr_amount": 0.0, "reactivation_mrr_amount": Decimal("3336.882"),
        "ending_mrr_amount": Decimal("3336.882"), "customers_start": 0, "churned_customers": 0,
        "logo_churn_rate": None, "gross_revenue_retention_rate": None, "net_revenue_retention_rate": None,
    }


def test_kpi_customer_lifetime_value(fixture_warehouse: Warehouse) -> None:
    columns = (
        "customers, avg_arr_amount, customers_12m_ago, churned_customers_12m, annual_logo_churn_rate, ltv_amount, "
        "cac_12m_amount, ltv_to_cac_ratio"
    )
    rows = {
        row["segment"]: row
        for row in _rows(fixture_warehouse, "marts.kpi_customer_lifetime_value", "segment, " + columns, "true")
    }
    # tier_3: acc_06, reactivated: MRR 3,336.882 → ARR 12 × 3,336.882 = 40,042.584. Active in
    # March 2025 (sub_03), churned in Dec 2025 → annual logo churn 1 / 1. LTV = 40,042.584 × 0.8
    # / 1 = 32,034.0672.
    # CAC 12m (March 2026): ABM cost 2025-04..2026-03 567,258.64745946 / 2 new ABM customers
    # (acc_01 in 2025-06, acc_02 in 2026-01) = 283,629.32372973
    cac_12m = COST_12M_2026_03 / 2
    assert {key: value for key, value in rows["tier_3"].items() if key != "segment"} == {
        "customers": 1, "avg_arr_amount": Decimal("40042.584"), "customers_12m_ago": 1, "churned_customers_12m": 1,
        "annual_logo_churn_rate": 1.0, "ltv_amount": approx(32034.0672), "cac_12m_amount": approx(cac_12m),
        "ltv_to_cac_ratio": approx(32034.0672 / cac_12m),
    }
    # tier_1: acc_01, 12,500 MRR → ARR 150,000; no customer 12 months ago → churn rate and LTV null
    assert {key: rows["tier_1"][key] for key in ("customers", "avg_arr_amount", "customers_12m_ago", "ltv_amount")} == {
        "customers": 1, "avg_arr_amount": approx(150000.0), "customers_12m_ago": 0, "ltv_amount": None,
    }
    # non_target: no customer; no CAC (ABM cost buys target accounts)
    assert (rows["non_target"]["customers"], rows["non_target"]["cac_12m_amount"]) == (0, None)


def test_kpi_abm_roi(fixture_warehouse: Warehouse) -> None:
    columns = "abm_cost_amount, abm_sourced_revenue_amount, roi_pct, abm_pipeline_created_amount, pipeline_to_cost_ratio"
    # Jan 2026: ABM won New Business + Expansion closing in the month: opp_03 (Expansion, 30,000)
    # + opp_10 (16,762.71) = 46,762.71; opp_08 is not ABM (created in acc_03's gap).
    # No ABM pipeline created in January.
    revenue = 30000 + 16762.71
    assert _row(fixture_warehouse, "marts.kpi_abm_roi", columns, "month_start_date = date '2026-01-01'") == {
        "abm_cost_amount": approx(COST_2026_01),
        "abm_sourced_revenue_amount": approx(revenue),
        "roi_pct": approx((revenue - COST_2026_01) / COST_2026_01 * 100),
        "abm_pipeline_created_amount": 0.0,
        "pipeline_to_cost_ratio": 0.0,
    }
    # Aug 2025: no ABM revenue → ROI -100 %; opp_08's pipeline is not ABM
    aug = _row(fixture_warehouse, "marts.kpi_abm_roi", columns, "month_start_date = date '2025-08-01'")
    assert (aug["roi_pct"], aug["abm_pipeline_created_amount"]) == (approx(-100.0), 0.0)


def test_kpi_customer_acquisition_cost(fixture_warehouse: Warehouse) -> None:
    columns = "abm_cost_amount, new_abm_customers, cac_amount, new_abm_customers_12m, abm_cost_12m_amount, cac_12m_amount"
    # Jan 2026: acc_02's first won New Business (opp_10, ABM) → 1 new ABM customer; acc_03's
    # first win opp_08 is not ABM; opp_03 is Expansion
    jan = _row(fixture_warehouse, "marts.kpi_customer_acquisition_cost", columns, "month_start_date = date '2026-01-01'")
    assert (jan["new_abm_customers"], jan["cac_amount"]) == (1, approx(COST_2026_01))
    # Mar 2026: none this month → null CAC; 12 months: 2 customers (2025-06 acc_01, 2026-01 acc_02)
    assert _row(
        fixture_warehouse, "marts.kpi_customer_acquisition_cost", columns, "month_start_date = date '2026-03-01'"
    ) == {
        "abm_cost_amount": approx(COST_2026_03), "new_abm_customers": 0, "cac_amount": None,
        "new_abm_customers_12m": 2, "abm_cost_12m_amount": approx(COST_12M_2026_03),
        "cac_12m_amount": approx(COST_12M_2026_03 / 2),
    }


def test_attribution_credits_for_one_two_and_three_touches(fixture_warehouse: Warehouse) -> None:
    rows = {
        (row[0], row[1], row[2]): row[3]
        for row in fixture_warehouse.query(
            "select opportunity_id, attribution_model, touch_id, credit from intermediate.int_attribution_credited "
            "where opportunity_id in ('opp_02', 'opp_04', 'opp_05', 'opp_12')"
        )
    }
    # opp_02 (created 2025-10-06): one touch, cm_04 (con_03 responded 2025-10-01) → 100 % each model
    for model in ("first_touch", "last_touch", "linear", "position_based"):
        assert rows[("opp_02", model, "campaign:cm_04")] == approx(1.0)
    # opp_04 (created 2025-05-20): cm_03 (05-05 00:00) then fs_01 (05-05 14:00) → 50 / 50
    assert rows[("opp_04", "position_based", "campaign:cm_03")] == approx(0.5)
    assert rows[("opp_04", "position_based", "form:fs_01")] == approx(0.5)
    assert rows[("opp_04", "first_touch", "campaign:cm_03")] == approx(1.0)
    assert rows[("opp_04", "last_touch", "form:fs_01")] == approx(1.0)
    # opp_12 (created 2025-04-07): Jane's em_03 open (03-03 10:15), em_05 click (10:16), cm_01
    # webinar (03-20); the anonymous Acme views of 2025-02-18 are not credited → 40 / 20 / 40
    assert {key[2]: value for key, value in rows.items() if key[:2] == ("opp_12", "position_based")} == {
        "email:em_03": approx(0.4), "email:em_05": approx(0.2), "campaign:cm_01": approx(0.4),
    }
    assert {key[2]: value for key, value in rows.items() if key[:2] == ("opp_12", "linear")} == {
        "email:em_03": approx(1 / 3), "email:em_05": approx(1 / 3), "campaign:cm_01": approx(1 / 3),
    }
    assert {key[2] for key in rows if key[:2] == ("opp_12", "first_touch")} == {"email:em_03"}
    assert {key[2] for key in rows if key[:2] == ("opp_12", "last_touch")} == {"campaign:cm_01"}
    # opp_05 (acc_05, created 2026-03-16): account-level ad touches count. The March LinkedIn row
    # of urn:li:organization:990000003 (→ juniperdata.com → acc_05) lands on 2026-03-01 00:00,
    # 15 days before: its click and its impression records are two touches at the same instant,
    # ordered by touch_id (':click' < ':impression'). acc_05's em_06 (2026-03-30) is after
    # creation and intent surges are not credited → first touch the click, last the impression,
    # linear and position-based (two touches) 50 / 50.
    click = "linkedin:612403321|2026-03-01|urn:li:organization:990000003:click"
    impression = "linkedin:612403321|2026-03-01|urn:li:organization:990000003:impression"
    assert {key[1:]: value for key, value in rows.items() if key[0] == "opp_05"} == {
        ("first_touch", click): approx(1.0),
        ("last_touch", impression): approx(1.0),
        ("linear", click): approx(0.5),
        ("linear", impression): approx(0.5),
        ("position_based", click): approx(0.5),
        ("position_based", impression): approx(0.5),
    }
    # the opportunity fact carries them as first and last touch
    assert fixture_warehouse.query(
        "select touches_90d, first_touch_at, first_touch_channel, last_touch_at, last_touch_channel "
        "from marts.fct_opportunities where opportunity_id = 'opp_05'"
    ) == [(2, dt.datetime(2026, 3, 1), "paid_social", dt.datetime(2026, 3, 1), "paid_social")]


def test_kpi_marketing_attribution(fixture_warehouse: Warehouse) -> None:
    def credits(month: dt.date, model: str) -> dict:
        return {
            row[0]: row[1:]
            for row in fixture_warehouse.query(
                "select channel, attributed_opportunities, attributed_pipeline_amount, attributed_won_amount "
                "from marts.kpi_marketing_attribution where month_start_date = ? and attribution_model = ?",
                [month, model],
            )
        }

    # Apr 2025: opp_12 (18,000, lost): email 0.4 + 0.2, events 0.4
    assert credits(D(2025, 4, 1), "position_based") == {
        "email": (approx(0.6), approx(10800.0), 0.0),
        "events": (approx(0.4), approx(7200.0), 0.0),
    }
    assert credits(D(2025, 4, 1), "linear") == {
        "email": (approx(2 / 3), approx(12000.0), 0.0),
        "events": (approx(1 / 3), approx(6000.0), 0.0),
    }
    # May 2025: opp_04 (60,379.55): events and forms half each
    assert credits(D(2025, 5, 1), "position_based") == {
        "events": (approx(0.5), approx(30189.775), 0.0),
        "forms": (approx(0.5), approx(30189.775), 0.0),
    }
    # Nov 2025: opp_10 (acc_02, cm_04 on 10-01, 47 days before) won 16,762.71; opp_03 is
    # Expansion (not in the mart). opp_09 (acc_09, lost) has no creditable touch: its only touch
    # in the 90 days, the content download fs_02 on 09-15, is by led_02, a lead never converted
    # into a contact; attribution credits person-level touches of the account's contacts only
    # (docs/kpi_catalogue.md, "Readings": lead touches).
    assert credits(D(2025, 11, 1), "first_touch") == {
        "events": (approx(1.0), approx(16461.885), approx(16762.71)),
    }
    # Mar 2026: opp_05 (45,000 USD, open): both touches paid_social → the whole opportunity to
    # paid_social in every model; no other opportunity is created in March
    for model in ("first_touch", "last_touch", "linear", "position_based"):
        assert credits(D(2026, 3, 1), model) == {"paid_social": (approx(1.0), approx(45000.0), 0.0)}, model


def test_kpi_marketing_influence(fixture_warehouse: Warehouse) -> None:
    columns = "opportunities_created, influenced_opportunities, influence_rate"
    # Nov 2025 tier_1: opp_10 touched (cm_04) → 1 / 1
    assert _month_segment(fixture_warehouse, "kpi_marketing_influence", columns, D(2025, 11, 1), "tier_1") == {
        "opportunities_created": 1, "influenced_opportunities": 1, "influence_rate": 1.0,
    }
    # Dec 2025 tier_1: opp_11 (acc_01, only anonymous views in the 90 days) → 0 / 1
    assert _month_segment(fixture_warehouse, "kpi_marketing_influence", columns, D(2025, 12, 1), "tier_1") == {
        "opportunities_created": 1, "influenced_opportunities": 0, "influence_rate": 0.0,
    }
    # Feb 2025 tier_1: opp_01 (created 02-24; Jane's first touches are in March) → 0 / 1
    assert _month_segment(fixture_warehouse, "kpi_marketing_influence", columns, D(2025, 2, 1), "tier_1") == {
        "opportunities_created": 1, "influenced_opportunities": 0, "influence_rate": 0.0,
    }
    # Mar 2026 tier_3: opp_05 touched by acc_05's March LinkedIn impressions and clicks (an
    # account-level ad touch) → 1 / 1
    assert _month_segment(fixture_warehouse, "kpi_marketing_influence", columns, D(2026, 3, 1), "tier_3") == {
        "opportunities_created": 1, "influenced_opportunities": 1, "influence_rate": 1.0,
    }


def test_kpi_referrals_advocacy(fixture_warehouse: Warehouse) -> None:
    columns = (
        "referral_opportunities, referral_pipeline_amount, referral_won_opportunities_12m, "
        "referral_closed_opportunities_12m, referral_win_rate_12m, overall_won_opportunities_12m, "
        "overall_closed_opportunities_12m, overall_win_rate_12m, advocates, accounts_with_advocate"
    )
    # Jan 2026 (window 2025-01-31 .. 2026-01-31): referral New Business closed: opp_08 (Customer
    # Referral, won), opp_09 (Partner Referral, lost) → 1 / 2; all New Business closed: opp_01 W,
    # opp_12 L, opp_04 L, opp_08 W, opp_09 L, opp_10 W, opp_11 L → 3 / 7. opp_03 (Customer
    # Referral) is Expansion. Advocates on 2026-01-31: Jane (Champion, won opp_01) and Greta
    # (Executive Sponsor, open opp_02) have no person-level touch since 2025-11-02 → 0.
    assert _row(fixture_warehouse, "marts.kpi_referrals_advocacy", columns, "month_start_date = date '2026-01-01'") == {
        "referral_opportunities": 0, "referral_pipeline_amount": 0.0,
        "referral_won_opportunities_12m": 1, "referral_closed_opportunities_12m": 2, "referral_win_rate_12m": 0.5,
        "overall_won_opportunities_12m": 3, "overall_closed_opportunities_12m": 7,
        "overall_win_rate_12m": approx(3 / 7), "advocates": 0, "accounts_with_advocate": 0,
    }
    # Aug 2025: opp_08 created (referral, 24,347.30)
    aug = _row(fixture_warehouse, "marts.kpi_referrals_advocacy", columns, "month_start_date = date '2025-08-01'")
    assert (aug["referral_opportunities"], aug["referral_pipeline_amount"]) == (1, approx(24347.30))
    # Oct 2025: Greta (Executive Sponsor on opp_02, open ABM since 10-06) responded 10-01 → 1
    oct_ = _row(fixture_warehouse, "marts.kpi_referrals_advocacy", columns, "month_start_date = date '2025-10-01'")
    assert (oct_["advocates"], oct_["accounts_with_advocate"]) == (1, 1)
    # Mar 2026: Jane (Champion on won opp_01) viewed /demo on 03-02 → 1 advocate at acc_01
    mar = _row(fixture_warehouse, "marts.kpi_referrals_advocacy", columns, "month_start_date = date '2026-03-01'")
    assert (mar["advocates"], mar["accounts_with_advocate"]) == (1, 1)


def test_kpi_ai_answer_citation_rate(fixture_warehouse: Warehouse) -> None:
    rows = {
        (row[0], row[1]): row[2:]
        for row in fixture_warehouse.query(
            "select week_start_date, engine, answer_checks, brand_citations, competitor_citations, citation_rate, "
            "share_of_voice_rate from marts.kpi_ai_answer_citation_rate"
        )
    }
    assert rows == {
        (D(2026, 3, 2), "chatgpt"): (1, 1, 0, 1.0, 1.0),
        (D(2026, 3, 2), "perplexity"): (1, 0, 1, 0.0, 0.0),
        (D(2026, 3, 9), "gemini"): (1, 1, 0, 1.0, 1.0),  # the 'unknown' and engine-less rows rejected
        # added: brand+competitor, competitor only, brand only → 2 / 3 cited, voice 2 / (2 + 2)
        (D(2026, 3, 16), "chatgpt"): (3, 2, 2, approx(2 / 3), 0.5),
    }


# --- the scorecard -------------------------------------------------------------------------


def _scorecard(warehouse: Warehouse, kpi_id: str, period: dt.date, segment: str | None = None,
               dimension: str | None = None) -> dict:
    return _row(
        warehouse,
        "marts.kpi_scorecard",
        "value, numerator, denominator, target_value, direction, status",
        "kpi_id = ? and period_start_date = ? and segment is not distinct from ? and dimension is not distinct from ?",
        [kpi_id, period, segment, dimension],
    )


def test_kpi_scorecard_rows(fixture_warehouse: Warehouse) -> None:
    # win rate Jan 2026 tier_1: 1 / 2 = 0.5 ≥ target 0.3 → on_track
    assert _scorecard(fixture_warehouse, "win_rate", D(2026, 1, 1), "tier_1") == {
        "value": 0.5, "numerator": 1.0, "denominator": 2.0, "target_value": 0.3,
        "direction": "higher_is_better", "status": "on_track",
    }
    # NRR Jan 2026 tier_1: 0.90909 < 1.01 but ≥ 1.01 - 0.101 = 0.909 → at_risk
    nrr = _scorecard(fixture_warehouse, "net_revenue_retention_rate", D(2026, 1, 1), "tier_1")
    assert (nrr["value"], nrr["target_value"], nrr["status"]) == (approx(10000 / 11000), 1.01, "at_risk")
    # cost per SQL May 2025: 49,001.55 vs 2,500, lower is better → off_track
    cps = _scorecard(fixture_warehouse, "cost_per_sql_amount", D(2025, 5, 1))
    assert (cps["value"], cps["denominator"], cps["direction"], cps["status"]) == (
        approx(COST_2025_05), 1.0, "lower_is_better", "off_track",
    )
    # CAC Jan 2026: 37,910.95 ≤ 40,000 (lower is better) → on_track
    cac = _scorecard(fixture_warehouse, "cac_amount", D(2026, 1, 1))
    assert (cac["value"], cac["status"]) == (approx(COST_2026_01), "on_track")
    # ROI Jan 2026: 23.35 % vs 150 → off_track
    roi = _scorecard(fixture_warehouse, "roi_pct", D(2026, 1, 1))
    assert (roi["value"], roi["status"]) == (approx((46762.71 - COST_2026_01) / COST_2026_01 * 100), "off_track")
    # within SLA, week 2025-05-05 tier_2: 1.0 ≥ 0.75 → on_track
    assert _scorecard(fixture_warehouse, "within_sla_rate", D(2025, 5, 5), "tier_2")["status"] == "on_track"
    # citation rate, week 2026-03-16 chatgpt: 2 / 3 ≥ 0.35 → on_track
    cit = _scorecard(fixture_warehouse, "citation_rate", D(2026, 3, 16), None, "chatgpt")
    assert (cit["value"], cit["numerator"], cit["denominator"], cit["status"]) == (approx(2 / 3), 2.0, 3.0, "on_track")
    # a zero denominator: no MQL in Mar 2025 tier_1 → value null, status null (target exists)
    empty = _scorecard(fixture_warehouse, "mql_to_sql_rate", D(2025, 3, 1), "tier_1")
    assert (empty["value"], empty["target_value"], empty["status"]) == (None, 0.4, None)
    # a KPI without a seed row: sqls → no_target
    assert _scorecard(fixture_warehouse, "sqls", D(2025, 5, 1), "tier_2")["status"] == "no_target"
