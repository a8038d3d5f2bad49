"""The same models on a real local Spark session: the fixture warehouse built on Spark gives the
numbers the DuckDB build gives.

Slow (a Spark JVM per step and a few seconds per model), so only the build itself runs on Spark
(`dbt run`); every mart is then compared with the DuckDB fixture build, which ran every test.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from abm_warehouse.build import build_warehouse
from support.compare import comparable
from support.warehouse import Warehouse

NO_SPARK = """
################################################################################
#  Spark is NOT available (pyspark not installed, or no `java` on PATH):       #
#  the Spark tests are SKIPPED and the warehouse is NOT verified on Spark.      #
#  Install it: pip install -r requirements-spark.txt -c constraints.txt, and    #
#  Java 17 (apt-get install openjdk-17-jre-headless). bin/test does both.       #
################################################################################"""

@pytest.fixture(scope="module")
def spark_dir(tmp_path_factory: pytest.TempPathFactory, fixture_extracts: Path) -> Path:
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        print(NO_SPARK)
        pytest.skip("Spark is NOT available: the Spark tests are skipped." + NO_SPARK)
    root = tmp_path_factory.mktemp("spark_warehouse")
    folder = root / "spark"
    build_warehouse(
        extracts=fixture_extracts,
        target="spark",
        skip_tests=True,
        build_dir=root / "build",
        environ={"ABM_SPARK_DIR": str(folder)},
    )
    return folder


@pytest.mark.slow
def test_every_mart_matches_duckdb_on_spark(spark_dir: Path, fixture_warehouse: Warehouse) -> None:
    """Every mart and the extract reconciliation, row for row (numbers to 4 decimals and 9
    significant digits), read in one Spark session."""
    from abm_warehouse.spark_session import query_many

    marts = [f"marts.{mart}" for mart in fixture_warehouse.tables("marts")]
    marts.append("audit.audit_extract_reconciliation")
    assert len(marts) >= 29, marts
    statements = [f"select * from {mart}" for mart in marts]
    on_spark = query_many(statements, {"ABM_SPARK_DIR": str(spark_dir)})
    differing = {}
    for mart, statement, spark_rows in zip(marts, statements, on_spark):
        on_duckdb = comparable(fixture_warehouse.query(statement))
        spark_rows = comparable(spark_rows)
        if spark_rows != on_duckdb:
            differing[mart] = {
                "spark": sorted(set(spark_rows) - set(on_duckdb), key=repr)[:3],
                "duckdb": sorted(set(on_duckdb) - set(spark_rows), key=repr)[:3],
            }
    assert differing == {}, repr(differing)


@pytest.mark.slow
def test_singular_data_tests_pass_on_spark(spark_dir: Path, tmp_path: Path) -> None:
    """The data tests that run on Spark: every singular test (`tests/`, one per KPI mart or
    reconciliation: each re-derives a mart's numbers from the facts). The ~580 generic tests
    (unique, not_null, accepted values, relationships) run on DuckDB and PostgreSQL; on Spark each
    costs a few seconds, so the CI runs only this subset."""
    import json

    from abm_warehouse.dbt import dbt_environment, run_dbt
    from abm_warehouse.paths import project_dir

    environment = dbt_environment(
        target="spark", target_path=tmp_path / "target", log_path=tmp_path / "logs",
        extra={"ABM_SPARK_DIR": str(spark_dir)},
    )
    # the fixture's extracts in the raw schema: a user build's vars, as `abm build --extracts` sets them
    run_dbt(["test", "--select", "test_type:singular", "--vars", "{abm_demo: false, raw_schema: raw}"], environment)
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    # One test result per .sql file under tests/, all passed (the on-run-start hook reports too).
    tests = [result for result in results if result["unique_id"].startswith("test.")]
    assert len(tests) == len(list((project_dir() / "tests").rglob("*.sql")))
    assert {result["status"] for result in tests} == {"pass"}
