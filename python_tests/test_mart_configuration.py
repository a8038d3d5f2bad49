"""The marts follow the configuration seeds and the vars, and a rebuild gives the same bits.

- reproducibility: the demo extracts built twice (seed and run, in temporary DuckDB files);
  every table of the marts schema must hash the same in both builds (floats compared by their
  exact bits, decimals by their digits).
- configuration: starting from a copy of the session's fixture warehouse
  (python_tests/fixtures/extracts, story in its README.md), rebuilt with dbt in a copy of the
  project so that the project's own seeds and the session warehouse are never touched: the
  engagement-weights seed gains a channel, the stage-mapping seed renames a funnel stage and
  gains one, and the two reading vars are switched to their alternatives; only the models
  downstream of those seeds are rebuilt, and the numbers below were worked out by hand from the
  fixture and the changed seeds.

as_of_date = 2026-03-31 (latest event of the fixture); the as-of week starts 2026-03-30.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from abm_warehouse.build import build_warehouse
from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.paths import project_dir
from support.warehouse import Warehouse

D = dt.date
approx = pytest.approx

PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests", "seeds/config", "docs/blocks")


def _project_copy(root: Path) -> Path:
    """A copy of the dbt project (without the demo extracts) that a test may edit freely."""
    project = root / "project"
    for part in PROJECT_PARTS:
        source = project_dir() / part
        target = project / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    return project


def _warehouse_copy(warehouse: Warehouse, root: Path) -> Path:
    """A copy of the built warehouse file (same file name: DuckDB names the catalog after it)."""
    (root / "db").mkdir(parents=True, exist_ok=True)
    database = root / "db" / warehouse.path.name
    shutil.copy(warehouse.path, database)
    return database


def _dbt(project: Path, database: Path, args: list[str]) -> None:
    environment = dbt_environment(
        duckdb_path=database,
        target_path=project / "target",
        log_path=project / "logs",
    )
    environment["DBT_PROJECT_DIR"] = str(project)
    environment["DBT_PROFILES_DIR"] = str(project)
    run_dbt(args, environment)


def _mart_hashes(database: Path) -> dict[str, str]:
    """sha256 of every marts table: its rows in a fixed order, each value by its exact repr
    (a float's repr round-trips its bits, a Decimal's its digits)."""
    hashes = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'select * from marts."{table}"').fetchall())
            hashes[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return hashes


def _demo_build(root: Path) -> Path:
    """Build the demo extracts (no tests, not published) in `root`, DuckDB on 4 threads."""
    result = build_warehouse(build_dir=root, skip_tests=True, environ={"ABM_DUCKDB_THREADS": "4"}, echo=lambda _: None)
    assert result.database is not None
    return result.database


def test_a_rebuild_gives_every_mart_the_same_bits(tmp_path: Path) -> None:
    # Two builds of the demo extracts (large enough for DuckDB to aggregate in parallel on
    # its 4 threads, where a float sum depends on the order rows arrive in: before amounts were
    # exact decimals and score sums exact, 8 to 13 marts differed between two such builds).
    first = _mart_hashes(_demo_build(tmp_path / "first"))
    # every KPI mart, the entity marts and the scorecard are there to compare
    assert {"fct_opportunities", "fct_account_engagement_weeks", "kpi_scorecard", "kpi_abm_roi"} <= set(first)
    assert len(first) >= 30
    second = _mart_hashes(_demo_build(tmp_path / "second"))
    assert second == first


@pytest.fixture(scope="module")
def reconfigured(fixture_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The fixture warehouse rebuilt downstream of two edited seeds, with the reading vars flipped.

    engagement_weights: LinkedIn clicks leave paid_social for a new channel 'LinkedIn Clicks'
    (3 points a click, cap 5); paid_social keeps the impressions with its cap cut from 10 to 5, so
    the caps still sum to 100.
    stage_mapping: funnel stage 'proposal' is renamed 'solution_proposal'; a new open stage
    'security_review' (CRM stage 'Security Review', order 5) goes before negotiation, which
    moves to order 6 and the closed stages to 7. No fixture opportunity has that CRM stage.
    """
    root = tmp_path_factory.mktemp("reconfigured")
    project = _project_copy(root)
    weights = project / "seeds/config/engagement_weights.csv"
    weights.write_text(
        weights.read_text()
        .replace("linkedin_ad_click,paid_social,3,10", "linkedin_ad_click,LinkedIn Clicks,3,5")
        .replace("linkedin_ad_impression,paid_social,0.1,10", "linkedin_ad_impression,paid_social,0.1,5")
    )
    (project / "seeds/config/stage_mapping.csv").write_text(
        "stage_name,funnel_stage,stage_order,is_pipeline,is_closed,is_won\n"
        "Prospecting,prospecting,1,false,false,false\n"
        "Discovery,discovery,2,true,false,false\n"
        "Demo,evaluation,3,true,false,false\n"
        "Proposal,solution_proposal,4,true,false,false\n"
        "Security Review,security_review,5,true,false,false\n"
        "Negotiation,negotiation,6,true,false,false\n"
        "Closed Won,closed_won,7,false,true,true\n"
        "Closed Lost,closed_lost,7,false,true,false\n"
    )
    database = _warehouse_copy(fixture_warehouse, root)
    # the fixture's extracts in the raw schema (a user build, never the demo), both readings flipped
    user_build = "abm_demo: false, raw_schema: raw"
    variables = "{" + user_build + ", attribution_include_lead_touches: true, threshold_abm_deals_only: true}"
    _dbt(project, database, ["seed", "--full-refresh", "--vars", "{" + user_build + "}",
                             "--select", "engagement_weights", "stage_mapping"])
    _dbt(
        project,
        database,
        [
            "build", "--exclude-resource-type", "unit_test", "--vars", variables, "--select",
            "engagement_weights+", "stage_mapping+", "int_opportunity_touches_windowed+",
            "kpi_engagement_threshold_recommendation+",
        ],
    )
    yield Warehouse(database)


def test_a_new_channel_needs_no_sql_change(reconfigured: Warehouse) -> None:
    # acc_01 in the as-of week 2026-03-30: web 4 points at age 4 → 4 × 0.5 = 2; intent 8 at age 3
    # → 8 × 0.5^(3/4) = 4.756828; LinkedIn February (week 2026-01-26, age 9, factor 0.5^(9/4) =
    # 0.210224): impressions 300 × 0.1 = 30 → 6.306723, capped at the new 5; clicks 5 × 3 = 15 →
    # 3.153362, under the new channel's cap 5. Score 2 + 4.756828 + 5 + 3.153362 = 14.910190.
    rows = {
        row[0]: row[1:]
        for row in reconfigured.query(
            "select channel, decayed_points, channel_cap, channel_points from marts.fct_account_engagement_channel_weeks "
            "where account_id = 'acc_01' and week_start_date = ?",
            [D(2026, 3, 30)],
        )
    }
    factor = 0.5 ** (9 / 4)
    assert set(rows) == {"web", "intent", "paid_social", "LinkedIn Clicks"}
    assert rows["paid_social"] == (approx(30 * factor), 5.0, 5.0)
    assert rows["LinkedIn Clicks"] == (approx(15 * factor), 5.0, approx(15 * factor))
    assert rows["LinkedIn Clicks"][2] == approx(3.153362, abs=1e-6)
    score = 2 + 8 * 0.5 ** (3 / 4) + 5 + 15 * factor
    assert reconfigured.query(
        "select engagement_score from marts.fct_account_engagement_weeks where account_id = 'acc_01' "
        "and week_start_date = ?",
        [D(2026, 3, 30)],
    ) == [(approx(score),)]
    assert score == approx(14.910190, abs=1e-6)
    # the wide fact gains a column named after the channel ('LinkedIn Clicks' → linkedin_clicks_points)
    assert reconfigured.query(
        "select web_points, paid_social_points, linkedin_clicks_points, engagement_score "
        "from marts.fct_account_engagement_weeks_wide where account_id = 'acc_01' and week_start_date = ?",
        [D(2026, 3, 30)],
    ) == [(2.0, 5.0, approx(15 * factor), approx(score))]
    # acc_05, same week: LinkedIn March (week 2026-02-23, age 5, 0.5^(5/4) = 0.420448):
    # impressions 250 × 0.1 = 25 → 10.511205, capped at 5; clicks 4 × 3 = 12 → 5.045378, capped at
    # 5; intent 12, email 2 (see test_engagement_marts): 12 + 2 + 5 + 5 = 24
    assert reconfigured.query(
        "select paid_social_points, linkedin_clicks_points, engagement_score "
        "from marts.fct_account_engagement_weeks_wide where account_id = 'acc_05' and week_start_date = ?",
        [D(2026, 3, 30)],
    ) == [(5.0, 5.0, 24.0)]
    # the attribution channel of a click follows the seed too: opp_05's first touch (the March
    # LinkedIn click, see test_revenue_marts) is now 'LinkedIn Clicks'
    assert reconfigured.query(
        "select first_touch_channel, last_touch_channel from marts.fct_opportunities where opportunity_id = 'opp_05'"
    ) == [("LinkedIn Clicks", "paid_social")]


def test_a_renamed_and_an_added_stage_need_no_sql_change(reconfigured: Warehouse) -> None:
    # opp_01's history: Prospecting 2025-02-24, Discovery 03-17, 'proposal' 04-21, Negotiation
    # 05-26, Closed Won 06-27 (see test_revenue_marts). The Proposal stay is now funnel stage
    # solution_proposal (04-21 → 05-26: 35 days); nobody entered security_review.
    assert reconfigured.query(
        "select funnel_stage, stage_order, entered_date, exited_date, days_in_stage "
        "from marts.fct_opportunity_stages where opportunity_id = 'opp_01' order by stage_order"
    ) == [
        ("prospecting", 1, D(2025, 2, 24), D(2025, 3, 17), 21),
        ("discovery", 2, D(2025, 3, 17), D(2025, 4, 21), 35),
        ("solution_proposal", 4, D(2025, 4, 21), D(2025, 5, 26), 35),
        ("negotiation", 6, D(2025, 5, 26), D(2025, 6, 27), 32),
        ("closed_won", 7, D(2025, 6, 27), None, None),
    ]
    columns = [
        row[0]
        for row in reconfigured.query(
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = 'fct_opportunities_wide' and column_name like '%\\_entered\\_date' escape '\\' "
            "order by ordinal_position"
        )
    ]
    # the open stages of the seed in stage order, and no column for the old name
    assert columns == [
        "first_stage_entered_date", "current_stage_entered_date", "prospecting_entered_date",
        "discovery_entered_date", "evaluation_entered_date", "solution_proposal_entered_date",
        "security_review_entered_date", "negotiation_entered_date",
    ]
    assert reconfigured.query(
        "select solution_proposal_entered_date, solution_proposal_days, security_review_entered_date, "
        "security_review_days, negotiation_days from marts.fct_opportunities_wide where opportunity_id = 'opp_01'"
    ) == [(D(2025, 4, 21), 35, None, None, 32)]
    # open opp_02 sits in negotiation since 2026-03-02: 29 days to as_of_date; current stage name
    # unchanged, its Proposal stay (2025-12-08 → 2026-03-02, 84 days) is solution_proposal
    assert reconfigured.query(
        "select current_funnel_stage, solution_proposal_days, negotiation_days "
        "from marts.fct_opportunities_wide where opportunity_id = 'opp_02'"
    ) == [("negotiation", 84, 29)]
    # stage conversion reports the renamed and the new stage
    stages = {row[0] for row in reconfigured.query("select distinct funnel_stage from marts.kpi_stage_conversion")}
    assert {"solution_proposal", "security_review"} <= stages and "proposal" not in stages


def test_reading_vars_switch_to_their_alternatives(reconfigured: Warehouse) -> None:
    # attribution_include_lead_touches = true: opp_09 (acc_09, created 2025-11-10, 10,000 USD)
    # is credited with led_02's content download fs_02 (2025-09-15, 56 days before), a lead
    # never converted: Nov 2025 first touch has forms beside opp_10's events.
    assert {
        row[0]: row[1:]
        for row in reconfigured.query(
            "select channel, attributed_opportunities, attributed_pipeline_amount from marts.kpi_marketing_attribution "
            "where month_start_date = ? and attribution_model = 'first_touch'",
            [D(2025, 11, 1)],
        )
    } == {"events": (1.0, Decimal("16461.885")), "forms": (1.0, Decimal("10000"))}
    # threshold_abm_deals_only = true: opp_08 (created while acc_03 was off the list) drops out;
    # scores [8 × 0.5^(6/4) = 2.828427, 6, 8 × 0.5^(1/4) + 4 = 10.727171]: all 3 needed (2.4 → 3)
    # → recommended 2; p50 = 6, p10 = a + 0.2 × (6 − a) at position 0.2 of 2.
    a = 8 * 0.5 ** (6 / 4)
    assert reconfigured.query(
        "select won_opportunities, recommended_threshold, score_p10, score_p50 "
        "from marts.kpi_engagement_threshold_recommendation"
    ) == [(3, 2, approx(a + 0.2 * (6 - a)), approx(6.0))]
