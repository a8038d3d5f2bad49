"""Validate a built DuckDB warehouse: read each public mart into a DataFrame, run its suite.

great-expectations runs on its pandas datasource (its SQL datasource fails on DuckDB). The
warehouse file is opened read-only in a short-lived connection that is closed before any
check runs, so a build can publish (and checkpoint) the same file right after.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from abm_warehouse.validation.manifest import MART_SCHEMA, MartSpec, load_manifest, public_marts
from abm_warehouse.validation.report import CheckResult, MartResult, ValidationResult
from abm_warehouse.validation.specific import INPUT_COUNTS
from abm_warehouse.validation.suites import Check, build_checks


def _read_warehouse(database: Path, marts: list[MartSpec]) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    """The marts as DataFrames, the input counts, and the marts that could not be read."""
    import duckdb

    frames: dict[str, Any] = {}
    counts: dict[str, int] = {}
    missing: dict[str, str] = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?", [MART_SCHEMA]
            ).fetchall()
        }
        for mart in marts:
            if mart.table not in tables:
                missing[mart.label] = f"table {MART_SCHEMA}.{mart.table} is missing from the warehouse"
                continue
            frames[mart.label] = connection.execute(f'select * from {MART_SCHEMA}."{mart.table}"').df()
        for name, sql in INPUT_COUNTS.items():
            try:
                counts[name] = int(connection.execute(sql).fetchone()[0])
            except duckdb.Error:
                pass  # an optional input (e.g. the AI-search extract) that this build lacks
    return frames, counts, missing


def _reason(label: str, check: Check, result: dict[str, Any]) -> str:
    """A sentence that says what failed and shows a sample of the offending values."""
    details = result.get("result") or {}
    exception = (result.get("exception_info") or {}).get("exception_message")
    if exception:
        return f"{check.description}: could not be evaluated ({exception})"
    if details.get("unexpected_count"):
        sample = details.get("partial_unexpected_list") or []
        return (
            f"expected {check.description}, but {details['unexpected_count']} row(s) break it"
            f" (e.g. {sample[:5]})"
        )
    return f"expected {check.description}, observed {details.get('observed_value')!r}"


def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def validate_warehouse(database: Path, manifest_path: Path) -> ValidationResult:
    """Validate every public mart of the manifest against the warehouse file.

    Args:
        database: the built DuckDB file (opened read-only).
        manifest_path: the dbt manifest.json of the build (contracts and tests of the marts).

    Returns:
        The result of every check; `result.success` is False when any check failed.
    """
    import great_expectations as gx

    marts = public_marts(load_manifest(manifest_path))
    frames, counts, missing = _read_warehouse(database, marts)
    result = ValidationResult(database=str(database), manifest=str(manifest_path))
    context = _context()
    source = context.data_sources.add_pandas("marts")
    for mart in marts:
        if mart.label in missing:
            result.marts.append(MartResult(mart.label, mart.table, None, False, error=missing[mart.label]))
            continue
        frame = frames[mart.label]
        try:
            checks = build_checks(mart, counts)
        except KeyError as error:
            result.marts.append(
                MartResult(mart.label, mart.table, len(frame), False, error=f"input count {error} is unavailable")
            )
            continue
        suite = context.suites.add(gx.ExpectationSuite(name=mart.label))
        for check in checks:
            suite.add_expectation(check.expectation)
        asset = source.add_dataframe_asset(name=mart.label)
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame})
        outcome = batch.validate(suite, result_format="SUMMARY")
        by_id = {item.expectation_config.id: item.to_json_dict() for item in outcome.results}
        mart_result = MartResult(mart.label, mart.table, len(frame), True)
        for check in checks:
            item = by_id[check.expectation.id]
            success = bool(item["success"])
            mart_result.checks.append(
                CheckResult(
                    expectation=item["expectation_config"]["type"],
                    description=check.description,
                    success=success,
                    reason=None if success else _reason(mart.label, check, item),
                    observed=(item.get("result") or {}).get("observed_value"),
                )
            )
            mart_result.success &= success
        result.marts.append(mart_result)
    return result


def default_manifest() -> Path:
    """The manifest of the last build (warehouse/build/target), else of the project's target/,
    else a fresh `dbt parse` into a temporary target directory."""
    from abm_warehouse.paths import default_build_dir, project_dir

    for candidate in (default_build_dir() / "target" / "manifest.json", project_dir() / "target" / "manifest.json"):
        if candidate.is_file():
            return candidate
    import tempfile

    from abm_warehouse.dbt import dbt_environment, run_dbt

    target = Path(tempfile.mkdtemp(prefix="abm_validate_"))
    run_dbt(["parse"], dbt_environment(target_path=target, log_path=target / "logs"))
    return target / "manifest.json"


def run_validation(
    database: Path, manifest_path: Path, report_dir: Path, echo: Any = print
) -> ValidationResult:
    """Validate, write `validation.json` and `validation.html` into `report_dir`, print a summary.

    Raises:
        ManifestError: the manifest is missing.
    """
    from abm_warehouse.validation.report import write_reports

    if not database.is_file():
        raise FileNotFoundError(f"no warehouse at {database}")
    result = validate_warehouse(database, manifest_path)
    json_path, html_path = write_reports(result, report_dir)
    if not result.marts:
        echo("Validation: the manifest lists no public mart; nothing to validate")
    echo(f"Validation: {result.summary()}")
    for line in result.failures():
        echo(f"  FAILED {line}")
    echo(f"Report: {html_path} (and {json_path.name})")
    return result
