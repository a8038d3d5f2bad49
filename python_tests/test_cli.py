"""The `abm` command line: its commands, failed builds that leave the published file alone,
atomic publishing, and the KPI summary."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from abm_warehouse.build import publish
from abm_warehouse.cli import main
from abm_warehouse.kpis import summarize
from support.warehouse import Warehouse


def make_published(path: Path, marker: str) -> str:
    """A stand-in published warehouse holding one marker row; returns the file's hash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute("create table published_marker as select ? as build", [marker])
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_help_lists_the_commands() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "abm_warehouse", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("generate", "load", "build", "kpis", "validate", "demo"):
        assert f"    {command} " in completed.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "abm"
    if not script.exists():
        pytest.skip("the package is not installed in this interpreter's environment (run bin/setup)")
    completed = subprocess.run([str(script), "build", "--help"], capture_output=True, text=True, check=True)
    assert "--extracts" in completed.stdout and "--skip-tests" in completed.stdout


def test_build_with_bad_extracts_fails_and_leaves_the_published_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extracts = tmp_path / "extracts"
    extracts.mkdir()
    (extracts / "crm__account.csv").write_text("id;name;created_date\n1;Acme;2024-01-02\n")
    published = tmp_path / "warehouse" / "abm.duckdb"
    before = make_published(published, "previous build")

    code = main(
        ["build", "--extracts", str(extracts), "--build-dir", str(tmp_path / "build"), "--publish-to", str(published)]
    )

    assert code == 2
    err = capsys.readouterr().err
    assert "Extract crm__account (crm__account.csv): looks like it is delimited by semicolons (;)" in err
    assert f"build failed at step 'load extracts from {extracts}'" in err
    assert f"The published warehouse {published} was left untouched." in err
    assert "Traceback" not in err
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before


@pytest.mark.slow
def test_failing_dbt_step_leaves_the_published_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A partial folder loads (--allow-missing) but dbt cannot build without the other extracts."""
    extracts = tmp_path / "extracts"
    extracts.mkdir()
    # every column the KPIs read is there (the raw gates pass): dbt is the step that fails
    (extracts / "crm__account.csv").write_text(
        "id,name,created_date,website,industry,number_of_employees,annual_revenue,billing_country\n"
        "1,Acme,2024-01-02,acme.com,Software,10,1000,US\n"
    )
    published = tmp_path / "warehouse" / "abm.duckdb"
    before = make_published(published, "previous build")

    code = main(
        [
            "build", "--extracts", str(extracts), "--allow-missing",
            "--build-dir", str(tmp_path / "build"), "--publish-to", str(published),
        ]
    )

    assert code == 1
    err = capsys.readouterr().err
    assert "build failed at step 'dbt " in err
    assert f"The published warehouse {published} was left untouched." in err
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before


def test_publish_is_atomic_for_readers(tmp_path: Path) -> None:
    published = tmp_path / "warehouse" / "abm.duckdb"
    make_published(published, "old")
    build = tmp_path / "build" / "abm.duckdb"
    make_published(build, "new")
    with duckdb.connect(str(build)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.published_marker as select * from published_marker")

    with duckdb.connect(str(published), read_only=True) as reader:
        publish(build, published)
        # A reader that opened the old file keeps reading it, consistently.
        assert reader.execute("select build from published_marker").fetchall() == [("old",)]
    assert Warehouse(published).query("select build from marts.published_marker") == [("new",)]
    assert Warehouse(published).query("select current_database()") == [("abm",)]
    assert build.exists(), "the build file stays: it is the private working database"


def test_publish_refuses_a_different_file_name(tmp_path: Path) -> None:
    build = tmp_path / "abm_build.duckdb"
    make_published(build, "new")
    with pytest.raises(ValueError, match="catalog"):
        publish(build, tmp_path / "abm.duckdb")


def test_kpis_summary_shows_reconciliation_and_latest_scorecard(tmp_path: Path) -> None:
    database = tmp_path / "abm.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema audit")
        connection.execute("create schema marts")
        connection.execute(
            "create table audit.audit_extract_reconciliation as "
            "select * from (values ('crm__account', 10, 7, 2, 1)) as t(extract_name, rows_read, rows_kept, "
            "rows_rejected, rows_deleted)"
        )
        connection.execute(
            "create table marts.kpi_scorecard (kpi_id varchar, period_start_date date, segment varchar, "
            "value double, status varchar)"
        )
        connection.executemany(
            "insert into marts.kpi_scorecard values (?, ?, ?, ?, ?)",
            [
                ("pipeline_created", date(2026, 9, 1), "all", 1.0, "off_track"),
                ("pipeline_created", date(2026, 10, 1), "all", 2.5, "on_track"),
                ("win_rate", date(2026, 7, 1), "tier_1", 0.25, "at_risk"),
            ],
        )

    text = summarize(database)

    assert "crm__account" in text and "rows_rejected" in text
    assert "2026-10-01" in text and "on_track" in text
    assert "2026-09-01" not in text, "only the latest period of each KPI"
    assert "win_rate" in text and "2026-07-01" in text


def test_kpis_skips_tables_that_do_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "abm.duckdb"
    duckdb.connect(str(database)).close()
    assert main(["kpis", "--database", str(database)]) == 0
    out = capsys.readouterr().out
    assert "audit.audit_extract_reconciliation does not exist yet (skipped)" in out
    assert "marts.kpi_scorecard does not exist yet (skipped)" in out


def test_kpis_without_a_warehouse_says_how_to_build_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpis", "--database", str(tmp_path / "missing.duckdb")]) == 1
    assert "Build it first: `abm build`" in capsys.readouterr().err


@pytest.mark.slow
def test_fixture_warehouse_reconciles(fixture_warehouse: Warehouse) -> None:
    """The fixture build published a readable warehouse of marts and audit tables only; the
    summary reads it. Raw, staging and intermediate data stay in the build file."""
    assert fixture_warehouse.tables("raw"), "the fixture extracts were loaded into raw"
    assert fixture_warehouse.tables("staging"), "staging models were built"
    assert fixture_warehouse.published is not None
    published = Warehouse(fixture_warehouse.published)
    schemas = {row[0] for row in published.query("select schema_name from information_schema.schemata "
                                                 "where catalog_name = current_database()")}
    assert schemas == {"main", "marts", "audit"}, schemas
    kinds = {row[0] for row in published.query("select distinct table_type from information_schema.tables")}
    assert kinds == {"BASE TABLE"}, "the published file holds tables, no views"
    # no PII: the fixture's contact emails live in staging only
    assert "audit_build_gates" in published.tables("audit")
    assert published.query("select count(*) from marts.kpi_scorecard") == fixture_warehouse.query(
        "select count(*) from marts.kpi_scorecard")
    text = summarize(fixture_warehouse.published)
    assert str(fixture_warehouse.published) in text


@pytest.mark.slow
def test_build_publishes_a_readable_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole pipeline on a minimal dbt project: load, seed the config only, build, publish."""
    from support.mini_project import write_mini_project

    monkeypatch.setenv("ABM_PROJECT_DIR", str(write_mini_project(tmp_path / "project")))
    extracts = tmp_path / "extracts"
    extracts.mkdir()
    (extracts / "crm__account.csv").write_text("id,name,created_date\n00123,Mine,2024-01-01\n")
    published = tmp_path / "warehouse" / "abm.duckdb"
    make_published(published, "previous build")

    code = main(
        [
            "build", "--extracts", str(extracts), "--allow-missing",
            "--build-dir", str(tmp_path / "build"), "--publish-to", str(published),
        ]
    )

    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    for step in ("load extracts from", "dbt seed (configuration seeds)", "dbt build", "publish to", "total"):
        assert step in out
    # The build file keeps every schema; the published file holds only marts and audit (the
    # mini project has neither), and the previous build was replaced, not merged.
    build = Warehouse(tmp_path / "build" / "abm.duckdb")
    assert build.query("select account_id, account_name from staging.stg_crm__accounts") == [("00123", "Mine")]
    assert build.query("select * from config.codes") == [("A", "Alpha")]
    warehouse = Warehouse(published)
    assert warehouse.tables("main") == [] and warehouse.tables("staging") == []
    assert (tmp_path / "build" / "target" / "manifest.json").exists(), "dbt wrote to the build's own target/"


def test_concurrent_build_in_the_same_directory_is_refused(tmp_path: Path) -> None:
    import fcntl

    from abm_warehouse.build import BuildError, build_warehouse

    build_dir = tmp_path / "build"
    build_dir.mkdir()
    with (build_dir / ".build.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildError, match="another build is already running in"):
            build_warehouse(extracts=tmp_path, build_dir=build_dir, echo=lambda _: None)
