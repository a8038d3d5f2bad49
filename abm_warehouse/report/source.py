"""Reading a built warehouse, DuckDB or PostgreSQL, through one small interface.

The report reads only the `marts` and `audit` schemas (what a published warehouse holds) with
plain `select * from <schema>.<table>` queries, and does every computation in pandas, so the
same code serves both engines.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pandas as pd

READ_SCHEMAS = ("marts", "audit")


class ReportSourceError(Exception):
    """The warehouse cannot be opened or read."""


class WarehouseSource(Protocol):
    """What the report needs from a warehouse: its tables and their rows."""

    description: str

    def tables(self) -> set[tuple[str, str]]:
        """(schema, table) of every table or view in the marts and audit schemas."""
        ...

    def read(self, schema: str, table: str) -> pd.DataFrame:
        """Every row of `schema.table`."""
        ...


_TABLES_SQL = (
    "select table_schema, table_name from information_schema.tables "
    "where table_schema in ('marts', 'audit')"
)


@dataclass
class DuckDBSource:
    """A DuckDB warehouse file, opened read-only for each query (readers never block a publish)."""

    path: Path

    @property
    def description(self) -> str:
        """The file the report was read from."""
        return str(self.path)

    def _query(self, sql: str) -> pd.DataFrame:
        import duckdb

        if not self.path.is_file():
            raise ReportSourceError(f"No warehouse at {self.path}. Build it first: `abm build` (or `abm demo`).")
        try:
            with duckdb.connect(str(self.path), read_only=True) as connection:
                return connection.execute(sql).df()
        except duckdb.Error as error:
            raise ReportSourceError(f"Cannot read {self.path}: {error}") from error

    def tables(self) -> set[tuple[str, str]]:
        """(schema, table) of the marts and audit schemas."""
        frame = self._query(_TABLES_SQL)
        return set(zip(frame["table_schema"], frame["table_name"]))

    def read(self, schema: str, table: str) -> pd.DataFrame:
        """Every row of `schema.table`."""
        return self._query(f"select * from {schema}.{table}")


@dataclass
class PostgresSource:
    """A PostgreSQL warehouse; connection settings as in profiles.yml (ABM_PG_* variables)."""

    host: str
    port: int
    user: str
    password: str
    database: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> PostgresSource:
        """Settings from ABM_PG_HOST, _PORT, _USER, _PASSWORD, _DATABASE (profiles.yml's defaults)."""
        env = os.environ if environ is None else environ
        return cls(
            host=env.get("ABM_PG_HOST", "127.0.0.1"),
            port=int(env.get("ABM_PG_PORT", "5432")),
            user=env.get("ABM_PG_USER", "postgres"),
            password=env.get("ABM_PG_PASSWORD", ""),
            database=env.get("ABM_PG_DATABASE", "abm"),
        )

    @property
    def description(self) -> str:
        """host:port/database (no password)."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def _query(self, sql: str) -> pd.DataFrame:
        import psycopg2

        try:
            connection = psycopg2.connect(
                host=self.host, port=self.port, user=self.user, password=self.password or None, dbname=self.database
            )
        except psycopg2.Error as error:
            raise ReportSourceError(f"Cannot connect to {self.description}: {error}") from error
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                columns = [column.name for column in cursor.description]
                rows = cursor.fetchall()
        except psycopg2.Error as error:
            raise ReportSourceError(f"Cannot read {self.description}: {error}") from error
        finally:
            connection.close()
        frame = pd.DataFrame.from_records(rows, columns=columns)
        # numeric columns arrive as Decimal: the report computes in floats, as on DuckDB
        for column in frame.columns:
            if frame[column].map(lambda value: isinstance(value, Decimal)).any():
                frame[column] = frame[column].astype("float64")
        return frame

    def tables(self) -> set[tuple[str, str]]:
        """(schema, table) of the marts and audit schemas."""
        frame = self._query(_TABLES_SQL)
        return set(zip(frame["table_schema"], frame["table_name"]))

    def read(self, schema: str, table: str) -> pd.DataFrame:
        """Every row of `schema.table`."""
        return self._query(f"select * from {schema}.{table}")


def open_source(target: str, database: Path | None = None, environ: Mapping[str, str] | None = None) -> WarehouseSource:
    """The warehouse of a target: `duckdb` (the file `database`) or `postgres` (ABM_PG_* settings)."""
    if target == "duckdb":
        if database is None:
            raise ValueError("a DuckDB warehouse needs its file")
        return DuckDBSource(database)
    if target == "postgres":
        return PostgresSource.from_environment(environ)
    raise ReportSourceError(f"the KPI report reads DuckDB or PostgreSQL warehouses, not {target!r}")
