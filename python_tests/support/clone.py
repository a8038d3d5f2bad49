"""A fresh copy of the project (what `git clone` gives) and the commands a user runs in it.

`fresh_clone` copies every file git knows (tracked, and new files not ignored) into a folder:
no `.venv`, no `target/`, no `warehouse/`, no `dbt_packages/`. `dbt` and `abm` run there as a
user runs them from the project root: plain `dbt <command>` with the checked-in profiles.yml
(DuckDB file `warehouse/abm_build.duckdb`), `abm <command>` with the clone as its project.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from abm_warehouse.paths import project_dir

_DBT = "import sys; from dbt.cli.main import cli; sys.argv[0] = 'dbt'; cli()"


def fresh_clone(destination: Path) -> Path:
    """Copy the project's files (as a clone holds them) into `destination`; return it."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=project_dir(), capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = project_dir() / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def _environment(project: Path) -> dict[str, str]:
    """os.environ without any ABM_/DBT_ setting of the caller, as in a user's fresh shell."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ABM_", "DBT_"))}
    environment.update(DBT_PROFILES_DIR=str(project), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                       DBT_USE_COLORS="false", ABM_PROJECT_DIR=str(project))
    return environment


def run(
    project: Path, command: list[str], *, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `dbt ...` or `abm ...` from the project root; output is captured and shown on failure.

    `env` adds variables (e.g. ABM_DUCKDB_PATH) to the clean environment."""
    program, *args = command
    executable = [sys.executable, "-c", _DBT] if program == "dbt" else [sys.executable, "-m", "abm_warehouse"]
    completed = subprocess.run(
        [*executable, *args], cwd=project, env={**_environment(project), **(env or {})},
        capture_output=True, text=True,
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"`{' '.join(command)}` failed ({completed.returncode}):\n{completed.stdout[-6000:]}\n{completed.stderr[-3000:]}"
        )
    return completed


def schema_fingerprint(database: Path, schema: str) -> dict[str, str]:
    """A SHA-256 per table of `schema`: its column names and types, then every row in order.

    Rows are hashed in the order of all their columns (a table has no row order of its own),
    each value as its text with nulls told apart from empty text.
    """
    fingerprint: dict[str, str] = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
        ).fetchall()]
        for table in tables:
            digest = hashlib.sha256()
            columns = connection.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position", [schema, table]
            ).fetchall()
            digest.update(repr(columns).encode())
            order = ", ".join(str(position) for position in range(1, len(columns) + 1))
            for row in connection.execute(f'select * from "{schema}"."{table}" order by {order}').fetchall():
                digest.update(repr(row).encode())
            fingerprint[table] = digest.hexdigest()
    return fingerprint
