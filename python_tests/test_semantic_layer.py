"""The semantic layer (models/semantic/, docs/semantic_layer.md) against the fixture warehouse.

`mf validate-configs` (semantic and data-warehouse validations) passes; every metric returns
rows at its natural grain; the headline metrics (pipeline created, ABM cost, ABM-sourced
revenue, win rate by segment and its lift, ROI and the trailing-12-month ROI / CAC) and the
semi-additive and derived ones equal the KPI marts' values, summed or recomputed in SQL.
The fact metrics (on the core facts) equal the marts for the same period and segment and slice
by the account's attributes.

MetricFlow reads `<project>/target/semantic_manifest.json`, so the test parses the project into
a temporary directory that links to the project's files and holds its own `target/`; every
MetricFlow call runs in a subprocess (the fixture build is a DuckDB file a dbt adapter opens).
All metric queries run in one subprocess, through the MetricFlow Python engine the `mf` CLI uses.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.paths import project_dir
from support.warehouse import Warehouse

PROJECT_ENTRIES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses", "snapshots", "docs")
pytestmark = pytest.mark.slow

GRAIN_ORDER = ("day", "week", "month", "quarter", "year")

# Runs in a subprocess: one MetricFlow engine, many queries; prints one JSON document.
QUERY_RUNNER = r"""
import datetime, json, math, pathlib, sys
from dbt_metricflow.cli.cli_configuration import CLIConfiguration
from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

project, requests = pathlib.Path(sys.argv[1]), json.loads(sys.stdin.read())
configuration = CLIConfiguration()
configuration.setup(dbt_profiles_path=project, dbt_project_path=project, configure_file_logging=False)
engine = configuration.mf

def cell(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return float(value)

answers = {}
for key, request in requests.items():
    try:
        result = engine.query(MetricFlowQueryRequest.create(
            metric_names=request["metrics"], group_by_names=request["group_by"],
            saved_query_name=request.get("saved_query"),
        ))
        table = result.result_df
        answers[key] = {
            "columns": list(table.column_names),
            "rows": [[cell(value) for value in row] for row in table.rows],
        }
    except Exception as error:  # reported per query, the test names the failing ones
        answers[key] = {"error": f"{type(error).__name__}: {error}"[:2000]}
print("@@RESULT@@" + json.dumps(answers))
"""


@dataclass(frozen=True)
class SemanticLayer:
    """A parsed project directory MetricFlow can run in, over the fixture warehouse."""

    project: Path
    environment: dict[str, str]
    manifest: dict

    def mf(self, *args: str) -> subprocess.CompletedProcess:
        """Run the `mf` CLI in the project directory."""
        mf = Path(sys.executable).with_name("mf")
        return subprocess.run(
            [str(mf), *args], cwd=self.project, env=self.environment,
            capture_output=True, text=True, timeout=600,
        )

    def query(self, requests: dict[str, dict]) -> dict[str, dict]:
        """Run many MetricFlow queries in one subprocess: {key: {metrics, group_by}} -> results."""
        completed = subprocess.run(
            [sys.executable, "-c", QUERY_RUNNER, str(self.project)], cwd=self.project,
            env=self.environment, input=json.dumps(requests), capture_output=True, text=True, timeout=900,
        )
        assert completed.returncode == 0, completed.stderr[-4000:]
        payload = completed.stdout.split("@@RESULT@@", 1)
        assert len(payload) == 2, completed.stdout[-2000:] + completed.stderr[-2000:]
        return json.loads(payload[1])


@pytest.fixture(scope="module")
def semantic_layer(fixture_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> SemanticLayer:
    """Parse the project (semantic manifest) for the fixture warehouse into a linked project dir."""
    root = tmp_path_factory.mktemp("semantic_layer")
    project = root / "project"
    project.mkdir()
    for entry in PROJECT_ENTRIES:
        if (project_dir() / entry).exists():
            (project / entry).symlink_to(project_dir() / entry)
    # The catalog is named after the DuckDB file, so the manifest is parsed with the warehouse's path.
    environment = dbt_environment(
        duckdb_path=fixture_warehouse.path, target_path=project / "target", log_path=root / "logs",
    )
    run_dbt(["parse"], environment)
    environment.update(DBT_PROJECT_DIR=str(project), DBT_PROFILES_DIR=str(project))
    manifest = json.loads((project / "target" / "semantic_manifest.json").read_text())
    return SemanticLayer(project=project, environment=environment, manifest=manifest)


def natural_grains(manifest: dict) -> dict[str, str]:
    """Each metric's finest queryable metric_time grain: the coarsest grain of its measures."""
    measure_grain: dict[str, str] = {}
    for model in manifest["semantic_models"]:
        default = (model.get("defaults") or {}).get("agg_time_dimension")
        dims = {dim["name"]: dim for dim in model["dimensions"]}
        for measure in model["measures"]:
            dim = dims[measure.get("agg_time_dimension") or default]
            measure_grain[measure["name"]] = dim["type_params"]["time_granularity"]
    metrics = {metric["name"]: metric for metric in manifest["metrics"]}

    def grain(name: str) -> str:
        params = metrics[name]["type_params"]
        inputs = [measure_grain[m["name"]] for m in params.get("input_measures") or []]
        for key in ("numerator", "denominator"):
            if params.get(key):
                inputs.append(grain(params[key]["name"]))
        inputs += [grain(m["name"]) for m in params.get("metrics") or []]
        return max(inputs, key=GRAIN_ORDER.index)

    return {name: grain(name) for name in metrics}


def close(actual: float | None, expected: float | None, tolerance: float = 1e-6) -> bool:
    """Equal within a relative tolerance; None equals None (and a NaN)."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual is None
    if actual is None:
        return False
    return math.isclose(actual, expected, rel_tol=tolerance, abs_tol=tolerance)


def rows_by_key(answer: dict) -> dict[tuple, list]:
    """{group-by values: metric values} of a query result (group-by columns come first)."""
    assert "error" not in answer, answer.get("error")
    width = sum(1 for column in answer["columns"] if column.startswith("metric_time") or column == "segment")
    return {tuple(row[:width]): row[width:] for row in answer["rows"]}


def iso(value: datetime.date) -> str:
    return value.isoformat()[:10]


def test_mf_validate_configs_passes(semantic_layer: SemanticLayer) -> None:
    """Semantic validations and the data-warehouse validations (every model, dimension,
    entity, measure and metric queried) pass."""
    completed = semantic_layer.mf("validate-configs")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    assert "ERRORS: 0" in output and "ERRORS: 1" not in output, output[-4000:]
    assert "Successfully validated metrics against data warehouse" in output, output[-4000:]


@pytest.fixture(scope="module")
def answers(semantic_layer: SemanticLayer) -> dict[str, dict]:
    """Every metric at its natural grain, the saved queries, and the comparison queries."""
    grains = natural_grains(semantic_layer.manifest)
    requests: dict[str, dict] = {
        f"metric:{name}": {"metrics": [name], "group_by": [f"metric_time__{grain}"]}
        for name, grain in grains.items()
    }
    for saved in semantic_layer.manifest["saved_queries"]:
        requests[f"saved:{saved['name']}"] = {"metrics": None, "group_by": None, "saved_query": saved["name"]}
    by_month_segment = ["pipeline_created_amount", "opportunities_created", "win_rate", "won_amount",
                        "sales_velocity_amount_per_day", "net_revenue_retention_rate", "median_deal_size_amount"]
    requests.update({
        "month_segment": {"metrics": by_month_segment, "group_by": ["metric_time__month", "segment"]},
        "month": {"metrics": ["pipeline_created_amount", "abm_cost_amount", "abm_sourced_revenue_amount", "roi_pct",
                              "roi_12m_pct", "cac_12m_amount", "win_rate", "win_rate_lift_points",
                              "cost_per_sql_amount", "hot_accounts", "gross_revenue_retention_rate",
                              "customers_start", "ending_mrr_amount"],
                  "group_by": ["metric_time__month"]},
        "week_segment": {"metrics": ["visit_rate", "hot_accounts", "avg_engagement_score"],
                         "group_by": ["metric_time__week", "segment"]},
        "week": {"metrics": ["target_account_coverage_rate", "visit_rate_lift"], "group_by": ["metric_time__week"]},
        "quarter_segment": {"metrics": ["required_pipeline_amount", "pipeline_coverage_rate"],
                            "group_by": ["metric_time__quarter", "segment"]},
        "as_of_segment": {"metrics": ["avg_data_quality_score", "ltv_amount"], "group_by": ["metric_time__day", "segment"]},
        "fact_month_segment": {"metrics": ["fact_win_rate", "fact_pipeline_created_amount", "fact_opportunities_created"],
                               "group_by": ["metric_time__month", "segment"]},
        "fact_month_industry": {"metrics": ["fact_win_rate", "fact_won_opportunities", "fact_closed_opportunities"],
                                "group_by": ["metric_time__month", "account__industry"]},
        "fact_mqls": {"metrics": ["fact_mqls"], "group_by": ["metric_time__month", "funnel_person__mql_segment"]},
        "fact_sqls": {"metrics": ["fact_sqls"], "group_by": ["metric_time__month", "funnel_person__sql_segment"]},
        "fact_week_segment": {"metrics": ["fact_hot_account_weeks", "fact_engaged_account_weeks"], "group_by": ["metric_time__week", "segment"]},
        "fact_touches": {"metrics": ["fact_touches", "fact_touch_points"],
                         "group_by": ["metric_time__month", "account_week__segment", "touch__channel"]},
    })
    return semantic_layer.query(requests)


def test_every_metric_returns_rows(semantic_layer: SemanticLayer, answers: dict[str, dict]) -> None:
    """Each metric of the manifest, queried by metric_time at its own grain, returns rows; so do
    the saved queries."""
    names = [metric["name"] for metric in semantic_layer.manifest["metrics"]]
    assert len(names) >= 150
    failing = {key: answer["error"] for key, answer in answers.items() if "error" in answer}
    assert not failing, json.dumps(failing, indent=1)[:6000]
    empty = [key for key, answer in answers.items() if not answer["rows"]
             and key != "metric:brand_and_competitor_citations" and not key.startswith("metric:answer")]
    # The AI citation metrics may be empty only when the fixture has no answer checks.
    assert not empty, empty
    saved = {saved["name"] for saved in semantic_layer.manifest["saved_queries"]}
    assert {"weekly_engagement_review", "monthly_pipeline_review", "executive_summary"} <= saved


def test_every_mart_has_a_semantic_model(semantic_layer: SemanticLayer) -> None:
    """Every KPI mart of the project (except the long scorecard) and every entity mart is covered."""
    def unversioned(name: str) -> str:
        return re.sub(r"_v[0-9]+$", "", name)

    covered = {unversioned(model["node_relation"]["alias"]) for model in semantic_layer.manifest["semantic_models"]}
    marts = {unversioned(path.stem) for path in (project_dir() / "models" / "marts").rglob("*.sql")}
    assert marts - covered == {"kpi_scorecard"}, sorted(marts - covered)


def test_dashboard_metrics_exist(semantic_layer: SemanticLayer) -> None:
    """Every metric an exposure names (`meta.metrics` in models/_exposures.yml) is defined."""
    exposures = yaml.safe_load((project_dir() / "models" / "_exposures.yml").read_text())["exposures"]
    named = {metric for exposure in exposures for metric in exposure["config"]["meta"]["metrics"]}
    defined = {metric["name"] for metric in semantic_layer.manifest["metrics"]}
    assert named and not named - defined, sorted(named - defined)


def test_headline_metrics_equal_the_marts(fixture_warehouse: Warehouse, answers: dict[str, dict]) -> None:
    """Pipeline created, ABM cost, ABM-sourced revenue, ROI (month and trailing 12 months), CAC,
    win rate by segment and overall, and the win-rate lift equal the marts' values."""
    by_month_segment = rows_by_key(answers["month_segment"])
    columns = answers["month_segment"]["columns"][2:]
    pipeline = {(iso(m), s): (p, o) for m, s, p, o in fixture_warehouse.query(
        "select month_start_date, segment, pipeline_created_amount, opportunities_created from marts.kpi_pipeline_created")}
    assert pipeline
    for key, (amount, created) in pipeline.items():
        values = dict(zip(columns, by_month_segment.get(key, [None] * len(columns))))
        assert close(values["pipeline_created_amount"] or 0.0, amount or 0.0), (key, values, amount)
        assert close(values["opportunities_created"] or 0, created or 0), (key, values, created)
    win = {(iso(m), s): rate for m, s, rate in fixture_warehouse.query(
        "select month_start_date, segment, win_rate from marts.kpi_win_rate")}
    assert any(rate is not None for rate in win.values())
    for key, rate in win.items():
        values = dict(zip(columns, by_month_segment.get(key, [None] * len(columns))))
        assert close(values["win_rate"], rate), (key, values["win_rate"], rate)

    by_month = rows_by_key(answers["month"])
    columns = answers["month"]["columns"][1:]
    roi = fixture_warehouse.query(
        "select roi.month_start_date, roi.abm_cost_amount, roi.abm_sourced_revenue_amount, roi.roi_pct, roi.roi_12m_pct,"
        " cac.cac_12m_amount from marts.kpi_abm_roi as roi"
        " inner join marts.kpi_customer_acquisition_cost as cac on roi.month_start_date = cac.month_start_date")
    assert any(row[3] is not None for row in roi)
    for month, cost, revenue, roi_pct, roi_12m_pct, cac_12m in roi:
        values = dict(zip(columns, by_month[(iso(month),)]))
        assert close(values["abm_cost_amount"] or 0.0, cost or 0.0), (month, values, cost)
        assert close(values["abm_sourced_revenue_amount"] or 0.0, revenue or 0.0), (month, values, revenue)
        assert close(values["roi_pct"], roi_pct), (month, values["roi_pct"], roi_pct)
        assert close(values["roi_12m_pct"], roi_12m_pct), (month, values["roi_12m_pct"], roi_12m_pct)
        assert close(values["cac_12m_amount"], cac_12m), (month, values["cac_12m_amount"], cac_12m)

    monthly = fixture_warehouse.query(
        "select month_start_date, sum(pipeline_created_amount) from marts.kpi_pipeline_created group by 1")
    for month, amount in monthly:
        assert close(dict(zip(columns, by_month[(iso(month),)]))["pipeline_created_amount"] or 0.0, amount or 0.0)
    pooled = fixture_warehouse.query(
        """select month_start_date,
                  sum(won_opportunities) * 1.0 / nullif(sum(closed_opportunities), 0),
                  (sum(case when segment <> 'non_target' then won_opportunities end) * 1.0
                     / nullif(sum(case when segment <> 'non_target' then closed_opportunities end), 0)
                   - sum(case when segment = 'non_target' then won_opportunities end) * 1.0
                     / nullif(sum(case when segment = 'non_target' then closed_opportunities end), 0)) * 100
           from marts.kpi_win_rate group by 1""")
    assert any(lift is not None for _, _, lift in pooled)
    for month, rate, lift in pooled:
        values = dict(zip(columns, by_month.get((iso(month),), [None] * len(columns))))
        assert close(values["win_rate"], rate), (month, values["win_rate"], rate)
        assert close(values["win_rate_lift_points"], lift), (month, values["win_rate_lift_points"], lift)


def test_other_metrics_equal_the_marts(fixture_warehouse: Warehouse, answers: dict[str, dict]) -> None:
    """Semi-additive weekly counts (last week of a month), weekly rates by segment, derived
    metrics (velocity, retention, pipeline required, LTV) and cost per SQL equal the marts."""
    by_month = rows_by_key(answers["month"])
    columns = answers["month"]["columns"][1:]
    last_week_hot = fixture_warehouse.query(
        """select cast(date_trunc('month', week_start_date) as date), sum(hot_accounts)
           from marts.kpi_account_engagement
           where week_start_date = (select max(w.week_start_date) from marts.kpi_account_engagement as w
                                    where date_trunc('month', w.week_start_date) = date_trunc('month', kpi_account_engagement.week_start_date))
           group by 1""")
    assert last_week_hot
    for month, hot in last_week_hot:
        assert close(dict(zip(columns, by_month[(iso(month),)]))["hot_accounts"], hot), (month, hot)
    for month, cost_per_sql in fixture_warehouse.query(
            "select month_start_date, cost_per_sql_amount from marts.kpi_cost_per_sql"):
        assert close(dict(zip(columns, by_month[(iso(month),)]))["cost_per_sql_amount"], cost_per_sql), month
    retention = fixture_warehouse.query(
        """with months as (
               select month_start_date, sum(starting_mrr_at_current_rate_amount) as start_amount,
                      sum(contraction_mrr_amount) as contraction, sum(churned_mrr_amount) as churned,
                      sum(customers_start) as customers_start, sum(ending_mrr_amount) as ending
               from marts.kpi_retention_expansion group by 1)
           select month_start_date, (start_amount - contraction - churned) / nullif(start_amount, 0),
                  customers_start, ending from months""")
    for month, grr, customers_start, ending in retention:
        values = dict(zip(columns, by_month[(iso(month),)]))
        assert close(values["gross_revenue_retention_rate"], grr), (month, values, grr)
        assert close(values["customers_start"] or 0, customers_start or 0), (month, values)
        assert close(values["ending_mrr_amount"] or 0.0, ending or 0.0), (month, values)

    by_month_segment = rows_by_key(answers["month_segment"])
    columns = answers["month_segment"]["columns"][2:]
    for month, segment, velocity, nrr in fixture_warehouse.query(
            """select v.month_start_date, v.segment, v.sales_velocity_amount_per_day, r.net_revenue_retention_rate
               from marts.kpi_pipeline_velocity as v
               left join marts.kpi_retention_expansion as r
                 on v.month_start_date = r.month_start_date and v.segment = r.segment"""):
        values = dict(zip(columns, by_month_segment.get((iso(month), segment), [None] * len(columns))))
        assert close(values["sales_velocity_amount_per_day"], velocity), (month, segment, values, velocity)
        assert close(values["net_revenue_retention_rate"], nrr), (month, segment, values, nrr)
    for month, segment, median in fixture_warehouse.query(
            "select month_start_date, segment, median_deal_size_amount from marts.kpi_deal_size where won_opportunities > 0"):
        values = dict(zip(columns, by_month_segment[(iso(month), segment)]))
        assert close(values["median_deal_size_amount"], median), (month, segment, values, median)

    by_week_segment = rows_by_key(answers["week_segment"])
    columns = answers["week_segment"]["columns"][2:]
    for week, segment, visit_rate, hot, avg_score in fixture_warehouse.query(
            """select v.week_start_date, v.segment, v.visit_rate, e.hot_accounts, e.avg_engagement_score
               from marts.kpi_target_account_visit_rate as v
               inner join marts.kpi_account_engagement as e
                 on v.week_start_date = e.week_start_date and v.segment = e.segment"""):
        values = dict(zip(columns, by_week_segment[(iso(week), segment)]))
        assert close(values["visit_rate"], visit_rate), (week, segment, values, visit_rate)
        assert close(values["hot_accounts"], hot), (week, segment, values, hot)
        assert close(values["avg_engagement_score"], avg_score), (week, segment, values, avg_score)
    by_week = rows_by_key(answers["week"])
    for week, coverage in fixture_warehouse.query(
            "select week_start_date, coverage_rate from marts.kpi_target_account_coverage"):
        assert close(by_week[(iso(week),)][0], coverage), (week, by_week[(iso(week),)], coverage)

    by_quarter_segment = rows_by_key(answers["quarter_segment"])
    for quarter, segment, required, coverage in fixture_warehouse.query(
            "select quarter_start_date, segment, required_pipeline_amount, pipeline_coverage_rate from marts.kpi_pipeline_required"):
        values = by_quarter_segment.get((iso(quarter), segment), [None, None])
        assert close(values[0], required), (quarter, segment, values, required)
        assert close(values[1], coverage), (quarter, segment, values, coverage)

    by_as_of_segment = rows_by_key(answers["as_of_segment"])
    quality = {(iso(d), s): (score, None) for d, s, score in fixture_warehouse.query(
        "select as_of_date, segment, avg_data_quality_score from marts.kpi_account_data_quality")}
    for as_of, segment, ltv in fixture_warehouse.query(
            "select as_of_date, segment, ltv_amount from marts.kpi_customer_lifetime_value"):
        score = quality.get((iso(as_of), segment), (None,))[0]
        quality[(iso(as_of), segment)] = (score, ltv)
    for key, (score, ltv) in quality.items():
        values = by_as_of_segment.get(key, [None, None])
        assert close(values[0], score), (key, values, score)
        assert close(values[1], ltv), (key, values, ltv)


def keyed(answer: dict, width: int) -> dict[tuple, list]:
    """{first `width` columns (the group-by values): the metric values} of a query result."""
    assert "error" not in answer, answer.get("error")
    return {tuple(row[:width]): row[width:] for row in answer["rows"]}


def test_fact_metrics_equal_the_marts_and_slice_by_account(fixture_warehouse: Warehouse,
                                                           answers: dict[str, dict]) -> None:
    """The fact metrics (models/semantic/_semantic__fact_metrics.yml, on the core facts) equal the
    KPI marts for the same period and segment, and slice by what a mart does not have (the
    account's industry, the touch's channel)."""
    # Win rate, pipeline and opportunities created by month x segment = kpi_win_rate / kpi_pipeline_created.
    fact = keyed(answers["fact_month_segment"], 2)
    marts = fixture_warehouse.query(
        """select p.month_start_date, p.segment, w.win_rate, p.pipeline_created_amount, p.opportunities_created
           from marts.kpi_pipeline_created as p
           inner join marts.kpi_win_rate as w on p.month_start_date = w.month_start_date and p.segment = w.segment""")
    assert any(row[2] is not None for row in marts) and any(row[4] for row in marts)
    for month, segment, win_rate, pipeline, created in marts:
        rate, amount, count = fact.get((iso(month), segment), [None, None, None])
        assert close(rate, win_rate), (month, segment, rate, win_rate)
        assert close(amount or 0.0, pipeline), (month, segment, amount, pipeline)
        assert close(count or 0, created), (month, segment, count, created)
    # Jan 2026 by segment, from crm__opportunity.csv (New Business closed in January):
    # tier_1 opp_10 won + opp_11 lost = 1/2; non_target opp_08 won + opp_09 lost = 1/2.
    assert fact[("2026-01-01", "tier_1")][0] == 0.5 and fact[("2026-01-01", "non_target")][0] == 0.5

    # Win rate by the account's industry (crm__account.csv), a slice kpi_win_rate cannot give.
    # January 2026: opp_08 (acc_03 Software, won), opp_11 (acc_01 Software, lost) -> 1 / 2 = 0.5;
    # opp_10 (acc_02 Manufacturing, won) -> 1 / 1 = 1.0; opp_09 (acc_09 Food & Beverage, lost)
    # -> 0 / 1 = 0.0. opp_03 (acc_01, Expansion, won 01-15) is not New Business.
    by_industry = keyed(answers["fact_month_industry"], 2)
    january = {industry: values for (month, industry), values in by_industry.items() if month == "2026-01-01"}
    assert january == {"Software": [0.5, 1, 2], "Manufacturing": [1.0, 1, 1], "Food & Beverage": [0.0, 0, 1]}, january
    # June 2025: opp_01 (acc_01 Software, won) only; September 2025: opp_04 (acc_04 Healthcare, lost).
    assert by_industry[("2025-06-01", "Software")] == [1.0, 1, 1]
    assert by_industry[("2025-09-01", "Healthcare")] == [0.0, 0, 1]

    # MQLs and SQLs by month and the segment on their date = kpi_sql_volume.
    mqls, sqls = keyed(answers["fact_mqls"], 2), keyed(answers["fact_sqls"], 2)
    volume = fixture_warehouse.query("select month_start_date, segment, mqls, sqls from marts.kpi_sql_volume")
    assert sum(row[2] for row in volume) > 0 and sum(row[3] for row in volume) > 0
    for month, segment, mql_count, sql_count in volume:
        assert (mqls.get((iso(month), segment)) or [0])[0] == mql_count, (month, segment, mqls, mql_count)
        assert (sqls.get((iso(month), segment)) or [0])[0] == sql_count, (month, segment, sqls, sql_count)
    assert None not in {key[0] for key in mqls} | {key[0] for key in sqls}

    # Hot and engaged account-weeks by week and segment = kpi_account_engagement. The fixture has
    # no hot account (its highest score is 24, under the threshold 65), so the engaged ones (score
    # > 0, same population filter) are the check with numbers in it.
    weeks = keyed(answers["fact_week_segment"], 2)
    engagement = fixture_warehouse.query(
        "select week_start_date, segment, hot_accounts, engaged_accounts from marts.kpi_account_engagement")
    assert sum(row[3] for row in engagement) > 0
    for week, segment, hot_accounts, engaged_accounts in engagement:
        hot, engaged = weeks.get((iso(week), segment)) or [0, 0]
        assert (hot, engaged) == (hot_accounts, engaged_accounts), (week, segment, hot, engaged, hot_accounts, engaged_accounts)

    # Touches and points by month, the account's segment that week and channel, against an
    # independent SQL over fct_touches and the account-week fact.
    touches = keyed(answers["fact_touches"], 3)
    expected = fixture_warehouse.query(
        """select cast(date_trunc('month', t.touch_date) as date), w.segment, t.channel, count(*), sum(t.points)
           from marts.fct_touches as t
           left join marts.fct_account_engagement_weeks as w
             on t.account_id = w.account_id and t.week_start_date = w.week_start_date
           group by 1, 2, 3""")
    assert expected and all(segment is not None for _, segment, _, _, _ in expected)
    assert len(touches) == len(expected)
    for month, segment, channel, count, points in expected:
        values = touches[(iso(month), segment, channel)]
        assert values[0] == count and close(values[1], points), (month, segment, channel, values, count, points)
