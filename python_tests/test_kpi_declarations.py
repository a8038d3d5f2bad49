"""Each KPI is declared once, in its mart's yml (`config.meta.kpi_mart`), and every other place
a KPI appears agrees with that declaration.

The project as committed has no disagreement; each tampered copy (a declaration, a mart's yml,
the seed, the scorecard, a semantic metric, a doc block, the catalogue) gives the one problem a
person expects. On the fixture build: dbt read the same declarations (manifest), the scorecard
holds exactly the declared KPIs and carries each value column's values; compiled with systems
switched off, the scorecard leaves out the KPIs that need them.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shutil
from pathlib import Path

import pytest

from abm_warehouse import kpi_declarations as kd
from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.paths import project_dir
from support.warehouse import Warehouse

PROJECT = project_dir()


@pytest.fixture(scope="module")
def declarations() -> list[kd.KpiDeclaration]:
    return kd.load_declarations(PROJECT)


def _by_id(declarations: list[kd.KpiDeclaration]) -> dict[str, kd.KpiDeclaration]:
    return {kpi.id: kpi for kpi in declarations}


def test_the_project_agrees_with_its_declarations() -> None:
    assert kd.check_project(PROJECT) == []


def test_every_kpi_is_declared_once(declarations: list[kd.KpiDeclaration]) -> None:
    # 41 KPIs (the scorecard's rows before the declarations moved into the marts' yml) over the
    # 24 kpi_* marts: 2 of target definition, 5 of engagement, 7 of pipeline, 10 of close / ROI.
    assert len(declarations) == 41 and len({kpi.id for kpi in declarations}) == 41
    marts = {kpi.mart for kpi in declarations}
    assert len(marts) == 24
    assert {phase: len({kpi.mart for kpi in declarations if kpi.phase == phase}) for phase in kd.PHASES} == {
        "target_definition": 2, "engagement": 5, "pipeline": 7, "close_roi": 10,
    }
    win_rate = _by_id(declarations)["win_rate"]
    assert (win_rate.mart, win_rate.phase, win_rate.grain, win_rate.grain_columns, win_rate.value,
            win_rate.numerator, win_rate.denominator, win_rate.unit, win_rate.direction, win_rate.metric) == (
        "kpi_win_rate", "close_roi", "month", ("month_start_date", "segment"), "win_rate",
        "won_opportunities", "closed_opportunities", "rate", "higher_is_better", "win_rate",
    )
    share = _by_id(declarations)["attributed_pipeline_share_rate"]
    # no value column: the scorecard divides, over the position-based model's rows only
    assert (share.value, share.dimension, share.where, share.metric) == (
        None, "channel", "attribution_model = 'position_based'", None)
    assert _by_id(declarations)["citation_rate"].needs_systems == ("ai_search",)


def test_a_tampered_declaration_disagrees_with_its_mart(declarations: list[kd.KpiDeclaration]) -> None:
    marts = kd.read_mart_models(PROJECT)
    kpis = _by_id(declarations)

    def problems(**changes: object) -> list[str]:
        kpi_id = str(changes.pop("kpi"))
        tampered = [dataclasses.replace(kpis[kpi_id], **changes) if kpi.id == kpi_id else kpi for kpi in declarations]
        return kd.check_marts(tampered, marts)

    assert problems(kpi="win_rate", value="won_rate") == [
        "win_rate (kpi_win_rate): value column won_rate is not a column of kpi_win_rate"]
    assert problems(kpi="win_rate", unit="amount") == [
        "win_rate (kpi_win_rate): unit amount but the value column win_rate is a rate"]
    assert problems(kpi="win_rate", unit="percent") == [
        "win_rate (kpi_win_rate): unit 'percent' is not one of rate, ratio, pct, amount, amount_per_day, count, score, hours",
        "win_rate (kpi_win_rate): unit percent but the value column win_rate is a rate"]
    assert problems(kpi="win_rate", direction="up") == [
        "win_rate (kpi_win_rate): direction 'up' is not one of higher_is_better, lower_is_better"]
    assert problems(kpi="win_rate", denominator="closed_opportunities + open_opportunities") == [
        "win_rate (kpi_win_rate): denominator reads open_opportunities, not columns of kpi_win_rate"]
    # a segment column the mart does not have: missing, and not the mart's grain test
    assert problems(kpi="win_rate", segment="tier") == [
        "win_rate (kpi_win_rate): grain column tier is not a column of kpi_win_rate",
        "win_rate (kpi_win_rate): declared grain month_start_date × tier is not the mart's grain test "
        "(month_start_date × segment)"]
    # a weekly grain over a monthly period column
    assert problems(kpi="win_rate", grain="week") == [
        "win_rate (kpi_win_rate): grain 'week' does not go with period column 'month_start_date'"]
    # the attribution share without its filter: attribution_model is a grain column left free
    assert problems(kpi="attributed_pipeline_share_rate", where=None) == [
        "attributed_pipeline_share_rate (kpi_marketing_attribution): declared grain month_start_date × channel "
        "is not the mart's grain test (month_start_date × channel × attribution_model)"]
    # a phase the mart's folder contradicts
    assert problems(kpi="win_rate", phase="pipeline") == [
        "win_rate (kpi_win_rate): phase pipeline but the mart is described in "
        "models/marts/kpi/close_roi/_close_roi__models.yml"]
    # a mart whose declarations are gone
    without_deal_size = [kpi for kpi in declarations if kpi.mart != "kpi_deal_size"]
    assert kd.check_marts(without_deal_size, marts) == [
        "kpi_deal_size: a KPI mart without a KPI declaration (config.meta.kpi_mart in "
        "models/marts/kpi/close_roi/_close_roi__models.yml)"]


def test_the_seed_scorecard_metrics_and_docs_are_checked(declarations: list[kd.KpiDeclaration]) -> None:
    kpis = _by_id(declarations)
    swapped = [dataclasses.replace(kpi, direction="higher_is_better") if kpi.id == "cac_amount" else kpi
               for kpi in declarations]
    assert kd.check_targets(swapped, kd.read_kpi_targets(PROJECT)) == [
        "kpi_targets: cac_amount is lower_is_better, its declaration higher_is_better"]

    sql = (PROJECT / kd.SCORECARD_SQL).read_text()
    without_line = sql.replace("-- depends_on: {{ ref('kpi_win_rate') }}\n", "")
    assert without_line != sql
    assert kd.check_scorecard(declarations, without_line) == [
        "kpi_scorecard: declared mart kpi_win_rate is missing from its depends_on lines"]

    metrics, measures = kd.read_semantic(PROJECT)
    # win_rate = won_opportunities / closed_opportunities; declare lost ones as the denominator
    lost = [dataclasses.replace(kpi, denominator="lost_opportunities") if kpi.id == "win_rate" else kpi
            for kpi in declarations]
    assert kd.check_semantic(lost, metrics, measures) == [
        "win_rate (kpi_win_rate): metric win_rate's denominator sums closed_opportunities, "
        "the declaration says lost_opportunities"]
    renamed = [dataclasses.replace(kpi, metric="win_ratio") if kpi.id == "win_rate" else kpi for kpi in declarations]
    assert kd.check_semantic(renamed, metrics, measures) == [
        "win_rate (kpi_win_rate): no metric win_ratio in models/semantic (declare `metric: null` if it has none)"]
    # hot_accounts is a simple metric over the hot_accounts column
    assert kpis["hot_accounts"].metric == "hot_accounts"
    assert kd.check_semantic([dataclasses.replace(kpis["hot_accounts"], value="new_hot_accounts")], metrics, measures) == [
        "hot_accounts (kpi_account_engagement): metric hot_accounts sums hot_accounts, the declared value is new_hot_accounts"]

    blocks = kd.read_doc_blocks(PROJECT)
    blocks["kpi_win_rate"] = blocks["kpi_win_rate"].replace("phase 4, close and ROI", "phase 3, pipeline")
    assert kd.check_doc_blocks(declarations, blocks) == ["kpi_win_rate: its doc block does not say 'phase 4, close and ROI'"]

    catalogue = (PROJECT / kd.CATALOGUE).read_text()
    stale = catalogue.replace("| `win_rate` | `kpi_win_rate` |", "| `win_rate` | `kpi_win_rates` |")
    assert stale != catalogue
    assert kd.check_catalogue(declarations, stale) == [
        "docs/kpi_catalogue.md: the KPI table differs from the declarations (run `abm declarations --write`)"]


def test_a_tampered_yml_fails_the_project_check(tmp_path: Path) -> None:
    """The whole check on a copy of the project whose win-rate declaration says `unit: amount`."""
    for entry in ("models", "docs"):
        shutil.copytree(PROJECT / entry, tmp_path / entry)
    (tmp_path / kd.KPI_TARGETS_SEED).parent.mkdir(parents=True)
    shutil.copy(PROJECT / kd.KPI_TARGETS_SEED, tmp_path / kd.KPI_TARGETS_SEED)
    yml = tmp_path / "models/marts/kpi/close_roi/_close_roi__models.yml"
    text = yml.read_text()
    declaration = re.search(r"- id: win_rate\n(?:\s+\w+: .*\n)*?\s+unit: rate\n", text)
    assert declaration is not None
    yml.write_text(text.replace(declaration.group(0), declaration.group(0).replace("unit: rate", "unit: amount")))
    assert kd.check_project(tmp_path) == [
        "win_rate (kpi_win_rate): unit amount but the value column win_rate is a rate",
        "docs/kpi_catalogue.md: the KPI table differs from the declarations (run `abm declarations --write`)",
    ]
    # `abm declarations --write` brings the catalogue back in line; the unit stays wrong
    assert kd.write_generated(tmp_path) == [kd.CATALOGUE]
    assert kd.check_project(tmp_path) == ["win_rate (kpi_win_rate): unit amount but the value column win_rate is a rate"]


# ---------------------------------------------------------------- on the fixture build


@pytest.mark.slow
def test_dbt_reads_the_same_declarations(fixture_warehouse: Warehouse) -> None:
    import json

    manifest = json.loads((fixture_warehouse.path.parent / "target" / "manifest.json").read_text())
    from_dbt = kd.declarations_from_manifest(manifest)
    from_yml = kd.load_declarations(PROJECT)
    assert [dataclasses.replace(kpi, source="") for kpi in from_dbt] == [
        dataclasses.replace(kpi, source="") for kpi in from_yml]


@pytest.mark.slow
def test_the_scorecard_carries_each_declared_value(fixture_warehouse: Warehouse) -> None:
    declarations = kd.load_declarations(PROJECT)
    in_scorecard = {row[0] for row in fixture_warehouse.query("select distinct kpi_id from marts.kpi_scorecard")}
    # the fixture has every system, AI search included: all 41 declared KPIs
    assert in_scorecard == {kpi.id for kpi in declarations}
    compared = 0
    for kpi in declarations:
        if kpi.value is None:
            continue
        keys = [kpi.period, kpi.segment, kpi.dimension]
        selected = ", ".join(f"cast({column} as varchar)" if column else "null" for column in keys)
        mart = {tuple(row[:3]): row[3] for row in fixture_warehouse.query(
            f"select {selected}, cast({kpi.value} as double) from marts.{kpi.mart}")}
        card = {tuple(row[:3]): row[3] for row in fixture_warehouse.query(
            "select cast(period_start_date as varchar), segment, dimension, value from marts.kpi_scorecard "
            "where kpi_id = ?", [kpi.id])}
        assert card.keys() == mart.keys(), kpi.id
        for key, value in mart.items():
            assert (value is None and card[key] is None) or math.isclose(card[key], value, rel_tol=1e-12), (kpi.id, key)
        compared += 1
    assert compared == 40  # every KPI but the attribution share, which has no value column


@pytest.mark.slow
def test_switched_off_systems_leave_the_scorecard(tmp_path: Path) -> None:
    """Compiled with billing and AI search off, the scorecard selects 35 of the 41 KPIs: without
    net and gross revenue retention, logo churn (kpi_retention_expansion), LTV to CAC
    (kpi_customer_lifetime_value), citation rate and share of voice (kpi_ai_answer_citation_rate)."""
    environment = dbt_environment(
        duckdb_path=tmp_path / "compile.duckdb", target_path=tmp_path / "target", log_path=tmp_path / "logs",
    )
    run_dbt(["compile", "--select", "kpi_scorecard", "--vars",
             "{abm__using_billing: false, enable_ai_search: false}"], environment)
    compiled = next((tmp_path / "target" / "compiled").rglob("kpi_scorecard.sql")).read_text()
    selected = set(re.findall(r"cast\('(\w+)' as \w+\) as kpi_id", compiled))
    all_ids = {kpi.id for kpi in kd.load_declarations(PROJECT)}
    assert all_ids - selected == {"net_revenue_retention_rate", "gross_revenue_retention_rate", "logo_churn_rate",
                                  "ltv_to_cac_ratio", "citation_rate", "share_of_voice_rate"}
    assert len(selected) == 35


def test_the_validation_suites_take_the_declared_units() -> None:
    from abm_warehouse.validation.manifest import MartSpec
    from abm_warehouse.validation.suites import _bounds

    mart = MartSpec(name="kpi_example", version=None, table="kpi_example", grain=("week_start_date",), segments=None,
                    columns=("week_start_date", "hot_accounts", "pipeline_coverage_rate", "visit_rate", "roi_pct"),
                    bounds={"visit_rate": (0, 2)},
                    kpi_units={"hot_accounts": "count", "pipeline_coverage_rate": "ratio", "roi_pct": "pct"})
    assert _bounds(mart, "hot_accounts") == (0, None)  # a count is >= 0
    assert _bounds(mart, "pipeline_coverage_rate") is None  # declared a ratio: no [0, 1] from its name
    assert _bounds(mart, "visit_rate") == (0, 2)  # the mart's own is_between test wins
    assert _bounds(mart, "roi_pct") is None  # a percentage may be negative
    undeclared = dataclasses.replace(mart, kpi_units={})
    assert _bounds(undeclared, "pipeline_coverage_rate") == (0, 1)  # the name's unit: a rate


def test_abm_declarations_reports_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    from abm_warehouse.cli import main

    assert main(["declarations"]) == 0
    assert "41 KPIs declared; the scorecard, kpi_targets, semantic metrics, doc blocks and catalogue agree" in (
        capsys.readouterr().out)


def test_the_kpi_ratio_metrics_are_generated_from_the_declarations(tmp_path: Path) -> None:
    metrics, measures = kd.read_semantic(PROJECT, generated=False)
    generated = {metric["name"]: metric for metric in kd.generated_metrics(kd.load_declarations(PROJECT), metrics, measures)}
    # 22 ratio KPIs whose numerator and denominator each have a simple metric on their mart
    assert len(generated) == 22
    assert generated["win_rate"]["type_params"] == {"numerator": "won_opportunities", "denominator": "closed_opportunities"}
    # the mart column `accounts` is the metric engagement_population_accounts
    assert generated["engaged_account_rate"]["type_params"] == {
        "numerator": "engaged_accounts", "denominator": "engagement_population_accounts"}
    # hand-written: filtered to the target tiers; a numerator from another mart (ROI's cost); derived
    assert "target_visit_rate" in metrics and "target_visit_rate" not in generated
    assert "cost_per_sql_amount" in metrics and "cost_per_sql_amount" not in generated
    assert metrics["roi_pct"]["type"] == "derived" and "roi_pct" not in generated

    # a changed denominator in the yml: the committed metrics file no longer matches
    for entry in ("models", "docs"):
        shutil.copytree(PROJECT / entry, tmp_path / entry)
    (tmp_path / kd.KPI_TARGETS_SEED).parent.mkdir(parents=True)
    shutil.copy(PROJECT / kd.KPI_TARGETS_SEED, tmp_path / kd.KPI_TARGETS_SEED)
    yml = tmp_path / "models/marts/kpi/close_roi/_close_roi__models.yml"
    text = yml.read_text()
    old = "              numerator: won_opportunities\n              denominator: closed_opportunities\n"
    assert text.count(old) == 1
    yml.write_text(text.replace(old, old.replace("closed_opportunities", "lost_opportunities")))
    assert kd.check_project(tmp_path) == [
        "win_rate (kpi_win_rate): metric win_rate's denominator sums closed_opportunities, "
        "the declaration says lost_opportunities",
        "models/semantic/_semantic__kpi_metrics.yml: differs from what the declarations give "
        "(run `abm declarations --write`)",
        "docs/kpi_catalogue.md: the KPI table differs from the declarations (run `abm declarations --write`)",
    ]
    assert kd.write_generated(tmp_path) == [kd.CATALOGUE, kd.GENERATED_METRICS]
    assert kd.check_project(tmp_path) == []
    assert "      denominator: lost_opportunities\n" in (tmp_path / kd.GENERATED_METRICS).read_text()
