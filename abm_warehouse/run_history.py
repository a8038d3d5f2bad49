"""Run history: one row per `abm build`, kept across runs and readable by BI beside the marts.

Every build, passed or failed, appends one row to `run_history` in a small DuckDB file beside
the published warehouse (`run_history.duckdb`; beside the build directory when nothing is
published). The published warehouse is replaced by every publish, so the history lives in its
own file and a successful build copies the whole of it into the new warehouse's `audit` schema
just before publishing: `audit.run_history` (one row per run) and `audit.run_history_mart_rows`
(rows per mart per run). A failed run is in the history file at once and in the published
warehouse from the next successful publish on.

Columns of `run_history`:
    run_id, started_at, finished_at, duration_seconds, target, status (`success` / `failed`),
    failed_step, step_durations (JSON: step name -> seconds), models_passed, models_failed,
    models_skipped, tests_passed, tests_failed, tests_warned, tests_skipped (from dbt's
    run_results.json of the build command; null when dbt did not run), mart_rows_total,
    data_as_of_date (the latest event date of the extracts, `intermediate.int_as_of_date`),
    data_age_days (run date - data_as_of_date), published, not_published_reason, build_mode
    (`incremental`: the kept state of the last build plus the new rows; `full`: everything
    rebuilt; null when the run stopped before choosing).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

HISTORY_FILE_NAME = "run_history.duckdb"
HISTORY_TABLE = "run_history"
MART_ROWS_TABLE = "run_history_mart_rows"
WAREHOUSE_SCHEMA = "audit"

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_id", "varchar primary key"),
    ("started_at", "timestamp"),
    ("finished_at", "timestamp"),
    ("duration_seconds", "double"),
    ("target", "varchar"),
    ("status", "varchar"),
    ("failed_step", "varchar"),
    ("step_durations", "varchar"),
    ("models_passed", "integer"),
    ("models_failed", "integer"),
    ("models_skipped", "integer"),
    ("tests_passed", "integer"),
    ("tests_failed", "integer"),
    ("tests_warned", "integer"),
    ("tests_skipped", "integer"),
    ("mart_rows_total", "bigint"),
    ("data_as_of_date", "date"),
    ("data_age_days", "integer"),
    ("published", "boolean"),
    ("not_published_reason", "varchar"),
    ("build_mode", "varchar"),
)


@dataclass
class DbtCounts:
    """Nodes of one dbt command by outcome, from its run_results.json."""

    models_passed: int = 0
    models_failed: int = 0
    models_skipped: int = 0
    tests_passed: int = 0
    tests_failed: int = 0
    tests_warned: int = 0
    tests_skipped: int = 0


def read_run_results(path: Path, *, not_before: float | None = None) -> DbtCounts | None:
    """Count models and tests (data and unit tests) by status in a dbt run_results.json.

    Args:
        path: the run_results.json dbt wrote.
        not_before: ignore the file when it was written before this time (epoch seconds):
            a stale file from an earlier run says nothing about this one.

    Returns:
        The counts, or None when there is no (fresh) file.
    """
    if not path.exists() or (not_before is not None and path.stat().st_mtime < not_before):
        return None
    counts = DbtCounts()
    for result in json.loads(path.read_text(encoding="utf-8")).get("results", []):
        kind = result.get("unique_id", "").split(".", 1)[0]
        status = result.get("status")
        if kind == "model":
            if status == "success":
                counts.models_passed += 1
            elif status == "skipped":
                counts.models_skipped += 1
            else:
                counts.models_failed += 1
        elif kind in ("test", "unit_test"):
            if status == "pass":
                counts.tests_passed += 1
            elif status == "warn":
                counts.tests_warned += 1
            elif status == "skipped":
                counts.tests_skipped += 1
            else:
                counts.tests_failed += 1
    return counts


@dataclass
class RunRecord:
    """One run as it is written to the history."""

    target: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(tzinfo=None))
    started_epoch: float = field(default_factory=time.time)
    finished_at: datetime | None = None
    status: str = "running"
    failed_step: str | None = None
    step_durations: dict[str, float] = field(default_factory=dict)
    dbt: DbtCounts | None = None
    mart_rows: dict[str, int] | None = None
    data_as_of_date: date | None = None
    published: bool = False
    not_published_reason: str | None = None
    build_mode: str | None = None
    """`incremental` or `full` (see abm_warehouse.incremental)."""

    def finish(self, *, failed_step: str | None = None, reason: str | None = None, published: bool) -> None:
        """Close the record: `failed` when a step failed, else `success`."""
        self.finished_at = datetime.now(timezone.utc).replace(tzinfo=None)
        self.status = "failed" if failed_step else "success"
        self.failed_step = failed_step
        self.published = published
        self.not_published_reason = None if published else (reason or "publishing was not requested")

    def row(self) -> dict[str, Any]:
        """The record as one row of `run_history`."""
        dbt = self.dbt
        finished = self.finished_at or self.started_at
        return {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_seconds": round((finished - self.started_at).total_seconds(), 3),
            "target": self.target,
            "status": self.status,
            "failed_step": self.failed_step,
            "step_durations": json.dumps({name: round(s, 3) for name, s in self.step_durations.items()}),
            "models_passed": dbt.models_passed if dbt else None,
            "models_failed": dbt.models_failed if dbt else None,
            "models_skipped": dbt.models_skipped if dbt else None,
            "tests_passed": dbt.tests_passed if dbt else None,
            "tests_failed": dbt.tests_failed if dbt else None,
            "tests_warned": dbt.tests_warned if dbt else None,
            "tests_skipped": dbt.tests_skipped if dbt else None,
            "mart_rows_total": sum(self.mart_rows.values()) if self.mart_rows is not None else None,
            "data_as_of_date": self.data_as_of_date,
            "data_age_days": (
                (self.started_at.date() - self.data_as_of_date).days if self.data_as_of_date else None
            ),
            "published": self.published,
            "not_published_reason": self.not_published_reason,
            "build_mode": self.build_mode,
        }


def default_history_file(publish_to: Path | None, build_dir: Path) -> Path:
    """`run_history.duckdb` beside the published warehouse, else in the build directory."""
    return (publish_to.parent if publish_to is not None else build_dir) / HISTORY_FILE_NAME


def _create_tables(connection: Any, schema: str | None = None) -> None:
    prefix = f"{schema}." if schema else ""
    if schema:
        connection.execute(f"create schema if not exists {schema}")
    columns = ", ".join(f"{name} {kind}" for name, kind in _COLUMNS)
    connection.execute(f"create table if not exists {prefix}{HISTORY_TABLE} ({columns})")
    # a history written before the column existed gains it (null for its earlier runs)
    connection.execute(f"alter table {prefix}{HISTORY_TABLE} add column if not exists build_mode varchar")
    connection.execute(
        f"create table if not exists {prefix}{MART_ROWS_TABLE} "
        "(run_id varchar, mart varchar, row_count bigint, primary key (run_id, mart))"
    )


def append(history_file: Path, record: RunRecord) -> None:
    """Write the record (and its rows per mart) to the history file, replacing an earlier
    version of the same run."""
    import duckdb

    history_file.parent.mkdir(parents=True, exist_ok=True)
    row = record.row()
    with duckdb.connect(str(history_file)) as connection:
        _create_tables(connection)
        connection.execute("begin")
        connection.execute(f"delete from {HISTORY_TABLE} where run_id = ?", [record.run_id])
        connection.execute(f"delete from {MART_ROWS_TABLE} where run_id = ?", [record.run_id])
        connection.execute(
            f"insert into {HISTORY_TABLE} ({', '.join(row)}) values ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        for mart, rows in sorted((record.mart_rows or {}).items()):
            connection.execute(f"insert into {MART_ROWS_TABLE} values (?, ?, ?)", [record.run_id, mart, rows])
        connection.execute("commit")


def copy_into_warehouse(history_file: Path, database: Path) -> None:
    """Replace `audit.run_history` and `audit.run_history_mart_rows` of a DuckDB warehouse
    with the whole history file."""
    import duckdb

    with duckdb.connect(str(database)) as connection:
        connection.execute(f"attach '{history_file.as_posix()}' as history (read_only)")
        connection.execute(f"create schema if not exists {WAREHOUSE_SCHEMA}")
        for table in (HISTORY_TABLE, MART_ROWS_TABLE):
            connection.execute(
                f"create or replace table {WAREHOUSE_SCHEMA}.{table} as "
                f"select * from history.main.{table} order by 1"
            )
        connection.execute("detach history")


def measure_duckdb(database: Path) -> tuple[dict[str, int], date | None]:
    """Rows per table of the `marts` schema and the data's as-of date, from a DuckDB build."""
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        marts = [row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()]
        rows = {mart: connection.execute(f'select count(*) from marts."{mart}"').fetchone()[0] for mart in marts}
        as_of = _as_of(connection.execute, "intermediate.int_as_of_date")
    return rows, as_of


def measure_postgres(settings: Mapping[str, Any], marts_schema: str, intermediate_schema: str) -> tuple[dict[str, int], date | None]:
    """Rows per table of a PostgreSQL marts schema and the data's as-of date."""
    import psycopg2

    connection = psycopg2.connect(**settings)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(
                "select table_name from information_schema.tables where table_schema = %s order by 1",
                (marts_schema,),
            )
            marts = [row[0] for row in cursor.fetchall()]
            rows = {}
            for mart in marts:
                cursor.execute(f'select count(*) from "{marts_schema}"."{mart}"')
                rows[mart] = cursor.fetchone()[0]

            def execute(sql: str) -> Any:
                cursor.execute(sql)
                return cursor

            as_of = _as_of(execute, f'"{intermediate_schema}".int_as_of_date')
    finally:
        connection.close()
    return rows, as_of


def _as_of(execute: Any, table: str) -> date | None:
    try:
        row = execute(f"select max(as_of_date) from {table}").fetchone()
    except Exception:  # the model may be absent (a partial build): the date is then unknown
        return None
    value = row[0] if row else None
    return value.date() if isinstance(value, datetime) else value


def read_history(history_file: Path) -> list[dict[str, Any]]:
    """Every run of a history file, oldest first, as dictionaries."""
    import duckdb

    if not history_file.exists():
        return []
    with duckdb.connect(str(history_file), read_only=True) as connection:
        cursor = connection.execute(f"select * from {HISTORY_TABLE} order by started_at, run_id")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
