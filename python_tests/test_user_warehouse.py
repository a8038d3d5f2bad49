"""The warehouse in a user's own hands: their data is never touched, plain dbt works from a
fresh clone, and the project installs into another dbt project like a Fivetran package.

One session (support/user_project.py) clones the project, loads the fixture extracts as a
user's own data into `raw` and `landed`, and runs every documented command sequence; a host
project (support/host_project.py) then installs the clone as a local package.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml

from abm_warehouse.paths import project_dir
from support.compare import comparable
from support.host_project import ACCOUNT_SOURCE, FORECAST_CATEGORY, SOURCE_SCHEMAS, HostProject, build_host_project
from support.user_project import UserProject
from support.warehouse import Warehouse

pytestmark = pytest.mark.slow

EXTRACT_COUNT = 24


def _columns(database: Path, schema: str) -> dict[str, list[str]]:
    """Column names per table of a schema, in order."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select table_name, column_name from information_schema.columns where table_schema = ? "
            "order by table_name, ordinal_position", [schema]
        ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def _marts(database: Path, schema: str, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every table of a schema, rows comparable; `columns` picks the columns per table."""
    columns = columns or _columns(database, schema)
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            table: comparable(connection.execute(
                f'select {", ".join(chr(34) + name + chr(34) for name in names)} from "{schema}"."{table}"'
            ).fetchall())
            for table, names in columns.items()
        }


# ------------------------------------------------------------------ the user's data is never touched

def test_the_users_tables_were_loaded(user_project: UserProject) -> None:
    # abm load wrote one table per extract of the fixture folder into each user schema
    for schema in ("raw", "landed"):
        assert len(user_project.before[schema]) == EXTRACT_COUNT, schema
    assert user_project.before["raw"] == user_project.before["landed"]


@pytest.mark.parametrize("step", [
    "dbt seed", "dbt build", "dbt source freshness", "dbt build --vars '{raw_schema: landed}'",
    "abm demo", "abm build --extracts (no intent file)",
])
def test_no_command_changes_the_users_raw_tables(user_project: UserProject, step: str) -> None:
    """Every row of every table in `raw` and `landed` hashes the same after the step."""
    assert user_project.after[step] == user_project.before


def test_the_demo_is_seeded_into_its_own_schema_only(user_project: UserProject) -> None:
    with duckdb.connect(str(user_project.demo_database), read_only=True) as connection:
        demo_tables = {row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'abm_demo_extracts'"
        ).fetchall()}
        (accounts_read,) = connection.execute(
            "select rows_read from audit.audit_extract_reconciliation where extract_name = 'crm__account'"
        ).fetchone()
    assert len(demo_tables) == EXTRACT_COUNT
    # plain `dbt build` read the demo accounts (rows of the demo CSV), not the user's 10 rows
    with (project_dir() / "seeds/demo/crm__account.csv").open(newline="") as handle:
        demo_rows = sum(1 for _ in csv.DictReader(handle))
    with (project_dir() / "python_tests/fixtures/extracts/crm__account.csv").open(newline="") as handle:
        user_rows = sum(1 for _ in csv.DictReader(handle))
    assert accounts_read == demo_rows != user_rows


# ------------------------------------------------------------------ plain dbt from a fresh clone

def test_plain_dbt_build_passes_the_first_time_with_unit_tests(user_project: UserProject) -> None:
    results = user_project.demo_run_results["results"]
    # no-op: nodes dbt has nothing to run for (e.g. the semantic layer's saved queries)
    assert Counter(result["status"] for result in results).keys() <= {"success", "pass", "no-op"}
    unit_tests = [result for result in results if result["unique_id"].startswith("unit_test.")]
    declared = sum(
        len((yaml.safe_load(path.read_text()) or {}).get("unit_tests") or [])
        for path in (project_dir() / "models").rglob("*.yml")
    )
    assert len(unit_tests) == declared > 0


def test_freshness_runs_on_every_timed_source_and_survives_bad_timestamps(user_project: UserProject) -> None:
    results = {result["unique_id"].split(".", 2)[-1]: result for result in user_project.freshness["results"]}
    timed = sum(
        text.count("loaded_at_field:")
        for text in (path.read_text() for path in (project_dir() / "models/staging").glob("*/_*__sources.yml"))
    )
    assert len(results) == timed == 21  # 24 extracts; crm user, campaign, contact role have no required time
    assert {result["status"] for result in results.values()} <= {"pass", "warn"}
    # web.event: the newest event_at that parses as a timestamp, worked out from the demo CSV
    # (planted values such as 2025-02-30T13:27:03Z or 'not a date' do not parse and are skipped)
    newest = None
    with (project_dir() / "seeds/demo/web__event.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                value = dt.datetime.fromisoformat(row["event_at"].replace("Z", ""))
            except ValueError:
                continue
            newest = value if newest is None or value > newest else newest
    assert results["web.event"]["max_loaded_at"].startswith(newest.isoformat())


def test_a_missing_extract_says_what_to_do(user_project: UserProject, tmp_path: Path) -> None:
    from support.clone import run

    mine = run(user_project.root, ["dbt", "run", "-s", "base_crm__accounts", "--vars", "{raw_schema: nowhere}"],
               check=False)
    assert mine.returncode != 0
    assert "Extract crm__account was not found at" in mine.stdout
    assert "abm load <folder> --schema nowhere" in mine.stdout
    demo = run(user_project.root, ["dbt", "run", "-s", "base_crm__accounts"], check=False,
               env={"ABM_DUCKDB_PATH": str(tmp_path / "empty.duckdb")})
    assert demo.returncode != 0
    assert "This build reads the demo extracts: run `dbt seed` first" in demo.stdout


def test_a_schema_var_naming_the_demo_schema_is_refused(user_project: UserProject) -> None:
    from support.clone import run

    refused = run(user_project.root, ["dbt", "seed", "--vars", "{crm_schema: abm_demo_extracts}"], check=False)
    assert refused.returncode != 0
    assert "var crm_schema is 'abm_demo_extracts', the schema the demo extracts are seeded into" in refused.stdout


# ------------------------------------------------------------------ the README's loader path

def test_plain_dbt_on_the_users_schema_builds_the_users_numbers(
    user_project: UserProject, fixture_warehouse: Warehouse
) -> None:
    """`dbt build --vars '{raw_schema: landed}'` gives every mart row for row as `abm build`."""
    mine = _marts(user_project.database, "marts")
    expected = _marts(fixture_warehouse.path, "marts")
    assert mine.keys() == expected.keys() and len(mine) > 20
    for table, rows in expected.items():
        assert mine[table] == rows, table


def test_a_partial_folder_switches_the_missing_system_off(
    user_project: UserProject, fixture_warehouse: Warehouse
) -> None:
    assert "abm__using_intent: false" in user_project.outputs["abm build --extracts (no intent file)"]
    standalone = Warehouse(user_project.standalone)
    # the intent KPI leaves the scorecard; the fixture build (with intent) has it
    sql = "select count(*) from marts.kpi_scorecard where kpi_id like 'intent_%'"
    assert standalone.query(sql) == [(0,)]
    assert fixture_warehouse.query(sql)[0][0] > 0
    (read,) = standalone.query(
        "select rows_read from audit.audit_extract_reconciliation where extract_name = 'intent__signal'"
    )[0]
    assert read == 0


# ------------------------------------------------------------------ installed as a package

@pytest.fixture(scope="module")
def host_project(user_project: UserProject, fixture_extracts: Path, tmp_path_factory: pytest.TempPathFactory) -> HostProject:
    return build_host_project(tmp_path_factory.mktemp("host") / "acme_analytics", user_project.root, fixture_extracts)


def test_installing_the_package_never_touches_the_landed_tables(host_project: HostProject) -> None:
    assert host_project.after == host_project.before
    assert sum(len(tables) for tables in host_project.before.values()) == EXTRACT_COUNT - 1  # no intent
    with duckdb.connect(str(host_project.database), read_only=True) as connection:
        schemas = {row[0] for row in connection.execute("select schema_name from information_schema.schemata").fetchall()}
    assert "abm_demo_extracts" not in schemas and not any(s.endswith("abm_demo_extracts") for s in schemas)
    assert set(SOURCE_SCHEMAS) <= schemas


def test_the_package_builds_the_same_marts_as_the_project_on_its_own(
    host_project: HostProject, user_project: UserProject
) -> None:
    """Same extracts, intent off in both: every mart equal row for row. The package's
    generate_schema_name puts its models in the same fixed schemas (`marts`, ...) in the host."""
    standalone_columns = _columns(user_project.standalone, "marts")
    host_columns = _columns(host_project.database, "marts")
    assert host_columns.keys() == standalone_columns.keys() and len(host_columns) > 20
    # the host's two pass-through columns (also in the wide presentation of the opportunities,
    # which selects every column of fct_opportunities); every other column is the same
    extra = {table: [name for name in names if name not in standalone_columns[table]]
             for table, names in host_columns.items()}
    assert {table: names for table, names in extra.items() if names} == {
        "dim_accounts": ["account_source_name"], "fct_opportunities": ["forecast_category_name"],
        "fct_opportunities_wide": ["forecast_category_name"],
    }
    assert all(set(standalone_columns[table]) <= set(names) for table, names in host_columns.items())
    host = _marts(host_project.database, "marts", standalone_columns)
    standalone = _marts(user_project.standalone, "marts")
    for table, rows in standalone.items():
        assert host[table] == rows, table


def test_pass_through_columns_reach_the_marts(host_project: HostProject) -> None:
    """Set by hand on the landed tables: acc_01 'Trade Show', acc_02 '  Web  ' (trimmed to
    'Web'); opp_01 'Closed', opp_02 'Commit'; every other row null."""
    host = Warehouse(host_project.database)
    accounts = dict(host.query("select account_id, account_source_name from marts.dim_accounts"))
    assert {key: value for key, value in accounts.items() if value is not None} == {
        key: value.strip() for key, value in ACCOUNT_SOURCE.items()
    }
    opportunities = dict(host.query("select opportunity_id, forecast_category_name from marts.fct_opportunities"))
    assert {key: value for key, value in opportunities.items() if value is not None} == FORECAST_CATEGORY
