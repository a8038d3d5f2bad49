"""A built DuckDB warehouse as the tests see it: a path and a read-only query helper."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class Warehouse:
    """A DuckDB warehouse file; every query opens it read-only in a short-lived connection.

    `path` is the file queried: for a build, the private build file (raw, staging,
    intermediate, marts, audit); `published` is the file BI reads (marts and audit only).
    """

    path: Path
    published: Path | None = None

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


def gates_file_with_defaults(path: Path, **defaults: str) -> Path:
    """A copy of the project's gate thresholds where `defaults` replace the default row's (`*`)
    values and every extract's own value for those keys.

    The fixture extracts are dirty on purpose (a quarter to a half of some extracts is
    rejected), so their builds raise the reject stop share; every other gate stays as shipped.
    """
    import csv

    from abm_warehouse.gates import DEFAULT_ROW, GATES_SEED
    from abm_warehouse.paths import project_dir

    with (project_dir() / GATES_SEED).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for key, value in defaults.items():
            if row["extract_name"] == DEFAULT_ROW or row[key]:
                row[key] = value  # the default row, and any extract that sets its own
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
