"""sqlfluff (dbt templater) lints every model against the house style in .sqlfluff."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.warehouse import Warehouse

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_every_model_passes_sqlfluff(fixture_warehouse: Warehouse, tmp_path: Path) -> None:
    # The dbt templater compiles the project, and the base models read the raw tables' columns
    # while compiling: lint against a copy of the fixture warehouse (same file name, so the
    # catalog name matches), never the file a reader may hold.
    database = tmp_path / "lint" / "abm.duckdb"
    database.parent.mkdir()
    shutil.copy(fixture_warehouse.path, database)
    environment = dict(
        os.environ,
        ABM_DUCKDB_PATH=str(database),
        DBT_TARGET_PATH=str(tmp_path / "target"),
        DBT_LOG_PATH=str(tmp_path / "logs"),
    )
    # The fixture warehouse holds a user's extracts in `raw`, not the demo: compile in user mode.
    extra_config = tmp_path / "user_mode.cfg"
    extra_config.write_text("[sqlfluff:templater:dbt:context]\nraw_schema = raw\n")
    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    completed = subprocess.run(
        [str(sqlfluff), "lint", "models", "--processes", "1", "--disable-progress-bar", "--nocolor",
         "--config", str(extra_config)],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    violations = [line for line in completed.stdout.splitlines() if line.startswith(("L:", "== ["))]
    assert completed.returncode == 0, "sqlfluff found violations:\n" + "\n".join(violations[:200])
