"""A local Spark session configured like the dbt `spark` target (profiles.yml).

The tables and the Hive metastore live in one folder (ABM_SPARK_DIR), so the loader, dbt and
readers, which run as separate processes, see one catalog. Each use runs in a child process: a
Spark JVM outlives `spark.stop()` and keeps the Derby metastore booted, which would lock the
next process (dbt) out of the catalog.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

Result = TypeVar("Result")


def spark_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder holding the Spark tables and metastore (ABM_SPARK_DIR, as profiles.yml reads it)."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("ABM_SPARK_DIR", "warehouse/spark")).resolve()


def open_session(folder: Path, app_name: str = "abm") -> Any:
    """A SparkSession on the catalog in `folder` (call in a child process; see `in_child`)."""
    from pyspark.sql import SparkSession

    folder.mkdir(parents=True, exist_ok=True)
    return (
        SparkSession.builder.appName(app_name)
        .enableHiveSupport()
        .config("spark.sql.warehouse.dir", str(folder / "tables"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={folder / 'metastore_db'};create=true",
        )
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def in_child(function: Callable[..., Result], *args: Any) -> Result:
    """Run `function(*args)` in a fresh child process and return its result."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def _query_in_this_process(folder_name: str, statements: list[str]) -> list[list[tuple]]:
    spark = open_session(Path(folder_name), "abm-query")
    try:
        return [[tuple(row) for row in spark.sql(sql).collect()] for sql in statements]
    finally:
        spark.stop()


def query(sql: str, environ: Mapping[str, str] | None = None) -> list[tuple]:
    """Run one query against the Spark catalog of ABM_SPARK_DIR and return its rows."""
    return query_many([sql], environ)[0]


def query_many(statements: list[str], environ: Mapping[str, str] | None = None) -> list[list[tuple]]:
    """Run several queries in one Spark session (one JVM start) and return each one's rows."""
    return in_child(_query_in_this_process, str(spark_dir(environ)), list(statements))
