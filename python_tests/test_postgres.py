"""The same fixture extracts on PostgreSQL: loaded by `abm load --target postgres`, built by
dbt, and giving the same numbers as the DuckDB build."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from abm_warehouse.build import build_warehouse
from abm_warehouse.cli import main
from support.postgres import PostgresServer
from support.compare import comparable
from support.warehouse import Warehouse

pytestmark = pytest.mark.postgres


def pg_query(server: PostgresServer, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Run one query on the test server and return its rows."""
    with psycopg2.connect(host=server.host, port=server.port, user=server.user, dbname=server.database) as connection:
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchall()


def test_load_to_postgres_keeps_text(
    postgres_server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in postgres_server.env().items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "extracts"
    folder.mkdir()
    (folder / "crm__account.csv").write_text('id,name,created_date,website\n00123,"Acme, Inc.",2024-01-02,""\n7,B,,\n')

    assert main(["load", str(folder), "--target", "postgres", "--schema", "raw_load_test", "--allow-missing"]) == 0

    assert pg_query(
        postgres_server, "select id, name, created_date, website from raw_load_test.crm__account order by id"
    ) == [("00123", "Acme, Inc.", "2024-01-02", None), ("7", "B", None, None)]
    assert pg_query(
        postgres_server,
        "select distinct data_type from information_schema.columns "
        "where table_schema = 'raw_load_test' and table_name = 'crm__account'",
    ) == [("text",)]


def test_parquet_loads_with_the_same_text_as_duckdb(
    postgres_server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in postgres_server.env().items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "extracts"
    folder.mkdir()
    pq.write_table(
        pa.table(
            {
                "id": ["00123", "7"],
                "name": ["Acme", ""],
                "created_date": pa.array([datetime(2024, 1, 2, 3, 4, 5), None]),
                "number_of_employees": pa.array([250, None], type=pa.int64()),
                "is_deleted": [False, True],
            }
        ),
        folder / "crm__account.parquet",
    )
    duckdb_file = tmp_path / "abm.duckdb"
    assert main(["load", str(folder), "--database", str(duckdb_file), "--allow-missing"]) == 0
    assert main(["load", str(folder), "--target", "postgres", "--schema", "raw_parquet_test", "--allow-missing"]) == 0

    sql = "select id, name, created_date, number_of_employees, is_deleted from {schema}.crm__account order by id"
    expected = [("00123", "Acme", "2024-01-02 03:04:05", "250", "false"), ("7", None, None, None, "true")]
    assert Warehouse(duckdb_file).query(sql.format(schema="raw")) == expected
    assert pg_query(postgres_server, sql.format(schema="raw_parquet_test")) == expected


@pytest.fixture(scope="module")
def postgres_build(
    postgres_server: PostgresServer, fixture_extracts: Path, tmp_path_factory: pytest.TempPathFactory
) -> PostgresServer:
    """The fixture extracts loaded and built on PostgreSQL (dbt seed of the config, dbt build)."""
    build_warehouse(
        extracts=fixture_extracts,
        target="postgres",
        build_dir=tmp_path_factory.mktemp("postgres_build"),
        environ=postgres_server.env(),
    )
    return postgres_server


@pytest.mark.slow
def test_staging_row_counts_match_duckdb(postgres_build: PostgresServer, fixture_warehouse: Warehouse) -> None:
    staging = fixture_warehouse.tables("staging")
    assert staging, "the DuckDB fixture build has staging models"
    duckdb_counts = {name: fixture_warehouse.query(f"select count(*) from staging.{name}")[0][0] for name in staging}
    postgres_counts = {name: pg_query(postgres_build, f"select count(*) from staging.{name}")[0][0] for name in staging}
    assert postgres_counts == duckdb_counts


@pytest.mark.slow
def test_reconciliation_matches_duckdb(postgres_build: PostgresServer, fixture_warehouse: Warehouse) -> None:
    if "audit_extract_reconciliation" not in fixture_warehouse.tables("audit"):
        pytest.skip("audit.audit_extract_reconciliation is not built yet")
    sql = "select * from audit.audit_extract_reconciliation order by 1"
    assert [tuple(row) for row in pg_query(postgres_build, sql)] == fixture_warehouse.query(sql)


@pytest.mark.slow
def test_every_mart_matches_duckdb(postgres_build: PostgresServer, fixture_warehouse: Warehouse) -> None:
    """Every mart, row for row (numbers to 4 decimals): the SQL means the same on both engines."""
    marts = fixture_warehouse.tables("marts")
    assert len(marts) >= 28, marts
    differing = {}
    for mart in marts:
        sql = f"select * from marts.{mart}"
        on_postgres = comparable([tuple(row) for row in pg_query(postgres_build, sql)])
        on_duckdb = comparable(fixture_warehouse.query(sql))
        if on_postgres != on_duckdb:
            only_postgres = sorted(set(on_postgres) - set(on_duckdb), key=repr)[:3]
            only_duckdb = sorted(set(on_duckdb) - set(on_postgres), key=repr)[:3]
            differing[mart] = {"postgres": only_postgres, "duckdb": only_duckdb}
    assert differing == {}, repr(differing)


@pytest.mark.slow
def test_kpi_report_reads_postgres_like_duckdb(
    postgres_build: PostgresServer, fixture_warehouse: Warehouse, tmp_path: Path
) -> None:
    """The KPI report and the terminal summary read the PostgreSQL build through the same code
    (marts and audit only) and say the same as on DuckDB."""
    from abm_warehouse.report.data import load
    from abm_warehouse.report.render import write_report
    from abm_warehouse.report.source import DuckDBSource, PostgresSource
    from abm_warehouse.report.summary import summary_text

    source = PostgresSource.from_environment(postgres_build.env())
    on_postgres = summary_text(load(source))
    assert on_postgres == summary_text(load(DuckDBSource(fixture_warehouse.path)))
    # hand-checked in test_kpi_report.py: Q4 2025 cost 146,545.32, ABM pipeline 170,947.25
    assert "ABM invested USD 146,545, created USD 170,947 of pipeline" in on_postgres

    html = write_report(source, tmp_path / "kpi_report.html").read_text()
    assert html.count('class="card kpi-chart"') == 41 + 2  # every scorecard KPI, threshold, attribution
    assert f"read from {source.description}" in html


def _tables(server: PostgresServer, schema: str) -> list[str]:
    rows = pg_query(
        server, "select table_name from information_schema.tables where table_schema = %s order by 1", (schema,)
    )
    return [row[0] for row in rows]


@pytest.mark.slow
def test_bi_role_reads_every_mart_and_nothing_else(postgres_build: PostgresServer) -> None:
    """Logged in as the BI role (created by the publish step, `abm_bi_reader`), every mart
    reads and every table or view of raw, config, staging, intermediate and audit is refused."""
    assert pg_query(postgres_build, "select nspname from pg_namespace where nspname like '%%\\_\\_next'") == []
    pg_query(postgres_build, "alter role abm_bi_reader login; select 1")
    marts = _tables(postgres_build, "marts")
    assert len(marts) >= 28, marts
    elsewhere = [(schema, table) for schema in ("raw", "config", "staging", "intermediate", "audit")
                 for table in _tables(postgres_build, schema)]
    assert {schema for schema, _ in elsewhere} == {"raw", "config", "staging", "intermediate", "audit"}
    connection = psycopg2.connect(
        host=postgres_build.host, port=postgres_build.port, user="abm_bi_reader", dbname=postgres_build.database
    )
    connection.autocommit = True
    refused = []
    try:
        with connection.cursor() as cursor:
            for mart in marts:
                cursor.execute(f'select count(*) from marts."{mart}"')
                assert cursor.fetchone()[0] >= 0
            cursor.execute("select count(*) from marts.dim_accounts")
            # 16 account rows read - 4 rejected - 1 deleted = 11 accounts.
            assert cursor.fetchone() == (11,)
            for schema, table in elsewhere:
                try:
                    cursor.execute(f'select 1 from "{schema}"."{table}" limit 1')
                except psycopg2.errors.InsufficientPrivilege:
                    refused.append((schema, table))
    finally:
        connection.close()
    assert refused == elsewhere


@pytest.mark.slow
def test_a_failed_swap_leaves_the_published_marts(postgres_build: PostgresServer) -> None:
    """A publish whose transaction fails half way (here: a BI role name PostgreSQL reserves,
    after the schemas were already swapped inside the transaction) rolls back: readers keep the
    published marts, and the next build drops the leftover shadow schemas."""
    from abm_warehouse.loader import postgres_settings
    from abm_warehouse.postgres_publish import drop_shadow_schemas, swap_shadow_schemas

    settings = postgres_settings(postgres_build.env())
    pg_query(postgres_build, "create schema marts__next; create table marts__next.dim_accounts as select 1 as x; select 1")
    with pytest.raises(psycopg2.Error, match="reserved"):
        swap_shadow_schemas(settings, bi_role="pg_abm_reader")
    assert pg_query(postgres_build, "select count(*) from marts.dim_accounts") == [(11,)]
    assert "fct_opportunities" in _tables(postgres_build, "marts")
    assert drop_shadow_schemas(settings) == ["marts__next"]
    assert pg_query(postgres_build, "select count(*) from pg_namespace where nspname = 'marts__next'") == [(0,)]
