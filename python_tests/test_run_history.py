"""Run history: every build, passed or failed, is one row of `run_history`, kept across runs in
a file beside the published warehouse and copied into the published `audit` schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from abm_warehouse.build import BuildError, build_warehouse
from abm_warehouse.paths import project_dir
from abm_warehouse.run_history import HISTORY_FILE_NAME, read_history, read_run_results
from support.warehouse import Warehouse


def _build(extracts: Path, root: Path) -> None:
    build_warehouse(
        extracts=extracts,
        build_dir=root / "build",
        publish_to=root / "warehouse" / "abm.duckdb",
        allow_missing=True,
        echo=lambda _: None,
    )


def _write_accounts(folder: Path, rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crm__account.csv").write_text("id,name,created_date\n" + rows)
    return folder


@pytest.mark.slow
def test_passing_failing_and_passing_runs_are_all_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three builds of the minimal project (one staging model with a unique and a not_null
    test on account_id): clean data, then a duplicate id (the unique test fails), then clean."""
    from support.mini_project import write_mini_project

    monkeypatch.setenv("ABM_PROJECT_DIR", str(write_mini_project(tmp_path / "project")))
    clean = _write_accounts(tmp_path / "clean", "001,One,2024-01-01\n002,Two,2024-01-02\n")
    duplicate = _write_accounts(tmp_path / "duplicate", "001,One,2024-01-01\n001,Again,2024-01-02\n")
    published = tmp_path / "warehouse" / "abm.duckdb"

    _build(clean, tmp_path)
    with pytest.raises(BuildError) as failed:
        _build(duplicate, tmp_path)
    assert failed.value.step == "dbt build (models, data tests)"
    # The failed run is in the history file at once; the published file still holds run 1 only.
    assert len(read_history(tmp_path / "warehouse" / HISTORY_FILE_NAME)) == 2
    assert Warehouse(published).query("select count(*), min(status) from audit.run_history") == [(1, "success")]
    _build(clean, tmp_path)

    runs = read_history(tmp_path / "warehouse" / HISTORY_FILE_NAME)
    assert [run["status"] for run in runs] == ["success", "failed", "success"]
    first, second, third = runs
    # Run 1: 1 model (stg_crm__accounts) built, its 2 tests (unique, not_null) passed.
    assert (first["models_passed"], first["models_failed"], first["tests_passed"], first["tests_failed"]) == (1, 0, 2, 0)
    assert first["published"] is True and first["not_published_reason"] is None
    assert first["failed_step"] is None
    assert list(json.loads(first["step_durations"])) == [
        f"load extracts from {clean}",
        "gates on the raw extracts",
        "dbt seed (configuration seeds)",
        "dbt source freshness",
        "dbt build (models, data tests)",
        "gates before publishing",
        "validate marts (great-expectations)",
        f"publish to {published}",
    ]
    assert first["started_at"] <= first["finished_at"] <= second["started_at"]
    # No marts in the minimal project: 0 rows in all; no int_as_of_date: freshness unknown.
    assert first["mart_rows_total"] == 0 and first["data_as_of_date"] is None
    # Run 2: the model built, not_null passed, unique failed (id 001 twice); not published.
    assert (second["models_passed"], second["models_failed"], second["tests_passed"], second["tests_failed"]) == (1, 0, 1, 1)
    assert second["failed_step"] == "dbt build (models, data tests)"
    assert second["published"] is False
    assert "step 'dbt build (models, data tests)' failed" in second["not_published_reason"]
    assert list(json.loads(second["step_durations"])) == [
        f"load extracts from {duplicate}", "gates on the raw extracts", "dbt seed (configuration seeds)",
        "dbt source freshness",
    ]
    assert second["mart_rows_total"] is None
    assert third["published"] is True and len({run["run_id"] for run in runs}) == 3

    # The published warehouse now carries the whole history, the failed run included.
    assert Warehouse(published).query(
        "select status, published, tests_failed from audit.run_history order by started_at"
    ) == [("success", True, 0), ("failed", False, 1), ("success", True, 0)]


def test_a_run_failing_at_load_is_recorded_without_dbt_counts(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    (folder / "crm__account.csv").write_text("id;name\n1;Acme\n")
    with pytest.raises(BuildError):
        _build(folder, tmp_path)
    (run,) = read_history(tmp_path / "warehouse" / HISTORY_FILE_NAME)
    assert run["status"] == "failed" and run["failed_step"] == f"load extracts from {folder}"
    assert run["models_passed"] is None and run["tests_failed"] is None
    assert "delimited by semicolons" in run["not_published_reason"]
    assert not (tmp_path / "warehouse" / "abm.duckdb").exists()


def test_fixture_build_is_recorded_in_the_published_audit_schema(fixture_warehouse: Warehouse) -> None:
    ((status, published, as_of, age, started, failed_models, failed_tests, total),) = fixture_warehouse.query(
        "select status, published, data_as_of_date, data_age_days, started_at, models_failed, tests_failed,"
        " mart_rows_total from audit.run_history"
    )
    assert (status, published, failed_models, failed_tests) == ("success", True, 0, 0)
    # The fixture's latest event is web_07 / tsk_03 on 2026-03-31 (fixtures/extracts/README.md).
    assert as_of == date(2026, 3, 31)
    assert age == (started.date() - date(2026, 3, 31)).days
    # dim_accounts: 16 account rows read - 4 rejected - 1 deleted = 11 accounts.
    assert fixture_warehouse.query(
        "select row_count from audit.run_history_mart_rows where mart = 'dim_accounts'"
    ) == [(11,)]
    counted = {mart: fixture_warehouse.query(f"select count(*) from marts.{mart}")[0][0]
               for mart in fixture_warehouse.tables("marts")}
    recorded = dict(fixture_warehouse.query("select mart, row_count from audit.run_history_mart_rows"))
    assert recorded == counted and total == sum(counted.values())
    # Models and tests passed: the same counts as dbt's own run_results.json of that build.
    results = fixture_warehouse.path.parent.parent / "build" / "target" / "run_results.json"
    counts = read_run_results(results)
    # Every .sql file under models/ is one model, and all of them were built.
    assert counts is not None and counts.models_passed == len(list((project_dir() / "models").rglob("*.sql")))
    assert fixture_warehouse.query("select models_passed, tests_passed from audit.run_history") == [
        (counts.models_passed, counts.tests_passed)
    ]
