"""Where things live: the dbt project, the published warehouse and the build directory."""

from __future__ import annotations

import os
from pathlib import Path

WAREHOUSE_FILE_NAME = "abm.duckdb"
"""DuckDB names the catalog after the file: every build and the published file are `abm.duckdb`,
so views (which refer to `abm.<schema>.<table>`) stay valid after the build is published."""


def project_dir() -> Path:
    """The dbt project directory (holds dbt_project.yml); ABM_PROJECT_DIR overrides it."""
    override = os.environ.get("ABM_PROJECT_DIR")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parent.parent


def published_warehouse() -> Path:
    """The DuckDB file that BI tools and notebooks read: warehouse/abm.duckdb."""
    return project_dir() / "warehouse" / WAREHOUSE_FILE_NAME


def default_build_dir() -> Path:
    """Where a scheduled build writes before it publishes: warehouse/build/."""
    return project_dir() / "warehouse" / "build"
