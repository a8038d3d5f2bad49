"""A built DuckDB warehouse as the tests see it: a path and a read-only query helper."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class Warehouse:
    """A DuckDB warehouse file; every query opens it read-only in a short-lived connection."""

    path: Path

    def query(self, sql: str, parameters: Sequence[Any] | None = None) -> list[tuple]:
        """Run one query and return all its rows."""
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.execute(sql, parameters or []).fetchall()

    def tables(self, schema: str) -> list[str]:
        """Names of the tables and views of a schema, sorted."""
        rows = self.query(
            "select table_name from information_schema.tables where table_schema = ? order by table_name",
            [schema],
        )
        return [row[0] for row in rows]


def has_extract_files(folder: Path) -> bool:
    """True when the folder holds at least one CSV or Parquet extract file."""
    return folder.is_dir() and any(
        path.suffix in (".csv", ".parquet") for path in folder.iterdir() if path.is_file()
    )
