"""The scheduled build as Dagster assets (dagster-dbt), on DuckDB.

    raw_extracts ──> dbt models and seeds (one asset each, from the manifest; every dbt data
    test is an asset check) ──> marts_validation (great-expectations suites; fails the run)
    ──> [data_freshness check, blocking when its severity is error] ──> published_warehouse

- `raw_extracts`: deletes the build file and loads the extract folder into its raw schema
  (`abm_warehouse.loader`, the same checks as `abm load`). Every dbt source maps to this asset.
- the dbt assets: one `dbt build` (models, configuration seeds, data tests; demo seeds and unit
  tests excluded, as `abm build --extracts` does) into the build file.
- `marts_validation`: the marts' expectation suites; a failure fails the run.
- `data_freshness` (asset check on `marts_validation`): the age in days of the latest event
  in the extracts (`intermediate.int_as_of_date`) against `freshness_max_age_days`. With
  severity `error` the check is blocking: a stale build is not published.
- `published_warehouse`: records the run in the run history (`abm_warehouse.run_history`),
  copies the history into the build's `audit` schema and replaces the published file
  atomically (`abm_warehouse.build.publish`).
A failed run is recorded in the run history by a failure hook on the job (and by the freshness
check when it stops the publish). The job `abm_daily_build` runs every asset; the schedule
`abm_daily_build_schedule` runs it daily (cron `ABM_SCHEDULE_CRON`, default 05:00 UTC).

Settings come from `OrchestrationSettings` (see `from_environment` for the variables).
(No `from __future__ import annotations` here: Dagster reads the annotations of the asset
functions at definition time.)
"""

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import dagster as dg
from dagster import AssetCheckExecutionContext, AssetExecutionContext, HookContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from abm_warehouse import incremental, run_history
from abm_warehouse.build import publish, record_run_in_warehouse, run_built_gates
from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.extract_vars import vars_args
from abm_warehouse.gates import GateReport
from abm_warehouse.paths import WAREHOUSE_FILE_NAME, default_build_dir, project_dir, published_warehouse

JOB_NAME = "abm_daily_build"
RAW_ASSET = "raw_extracts"
DEFAULT_CRON = "0 5 * * *"


@dataclass(frozen=True)
class OrchestrationSettings:
    """Where the orchestrated build reads, builds and publishes, and how fresh data must be."""

    extracts: Path
    build_dir: Path
    publish_to: Path
    freshness_max_age_days: int = 2
    freshness_severity: str = "warn"
    """`warn`: a stale build is published with a warning; `error`: it is not published."""
    cron: str = DEFAULT_CRON
    gates_file: Path | None = None
    """The gate thresholds (default: the project's seeds/config/extract_gates.csv)."""
    full_refresh: bool = False
    """Rebuild the incremental models in full instead of from the kept state."""

    @property
    def database(self) -> Path:
        """The DuckDB file the build writes before it is published: a copy of the kept state of
        the last run that passed (abm_warehouse.incremental), which replaces it after the publish."""
        return self.build_dir / incremental.WORK_DIR_NAME / WAREHOUSE_FILE_NAME

    @property
    def mode_file(self) -> Path:
        """Where the load step writes the run's build mode (`incremental` or `full`)."""
        return self.database.with_name("build_mode")

    @property
    def history_file(self) -> Path:
        """The run history file beside the published warehouse."""
        return run_history.default_history_file(self.publish_to, self.build_dir)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "OrchestrationSettings":
        """Settings from ABM_EXTRACTS_DIR (required), ABM_BUILD_DIR, ABM_PUBLISH_TO,
        ABM_FRESHNESS_MAX_AGE_DAYS (2), ABM_FRESHNESS_SEVERITY (warn|error), ABM_SCHEDULE_CRON,
        ABM_GATES_FILE and ABM_FULL_REFRESH (1: rebuild everything)."""
        environ = os.environ if environ is None else environ
        extracts = environ.get("ABM_EXTRACTS_DIR")
        if not extracts:
            raise ValueError("set ABM_EXTRACTS_DIR to the folder the loader drops the extract files in")
        return cls(
            extracts=Path(extracts),
            build_dir=Path(environ.get("ABM_BUILD_DIR") or default_build_dir()),
            publish_to=Path(environ.get("ABM_PUBLISH_TO") or published_warehouse()),
            freshness_max_age_days=int(environ.get("ABM_FRESHNESS_MAX_AGE_DAYS", "2")),
            freshness_severity=environ.get("ABM_FRESHNESS_SEVERITY", "warn"),
            cron=environ.get("ABM_SCHEDULE_CRON", DEFAULT_CRON),
            gates_file=Path(environ["ABM_GATES_FILE"]) if environ.get("ABM_GATES_FILE") else None,
            full_refresh=environ.get("ABM_FULL_REFRESH", "") in ("1", "true", "yes"),
        )


def _dbt_env(settings: OrchestrationSettings) -> dict[str, str]:
    return dbt_environment(
        target="duckdb",
        duckdb_path=settings.database,
        target_path=settings.build_dir / "target",
        log_path=settings.build_dir / "logs",
    )


def build_vars(settings: OrchestrationSettings) -> dict[str, Any]:
    """The dbt vars of the scheduled build, as `abm build --extracts` sets them: read the raw
    schema the extracts are loaded into, never the demo, and switch off every optional source
    system without a file in the folder."""
    from abm_warehouse.contract import load_contract
    from abm_warehouse.extract_vars import systems_switched_off, user_vars
    from abm_warehouse.loader import plan_load

    contract = load_contract()
    present = [extract_file.extract.name for extract_file in plan_load(settings.extracts, contract, allow_missing=True).files]
    return user_vars("raw", systems_switched_off(present, contract))


def prepare_manifest(settings: OrchestrationSettings) -> Path:
    """`dbt parse` into the build directory; return the manifest the assets are defined from."""
    settings.database.parent.mkdir(parents=True, exist_ok=True)
    run_dbt(["parse", *vars_args(build_vars(settings))], _dbt_env(settings))
    return settings.build_dir / "target" / "manifest.json"


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """dagster-dbt passes os.environ to dbt: set the build's variables for one invocation."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run_started(context: Any) -> tuple[datetime, float]:
    """When the Dagster run started (UTC, naive) and as epoch seconds."""
    record = context.instance.get_run_record_by_id(context.run_id)
    started = record.start_time if record is not None and record.start_time else None
    if started is None:
        now = datetime.now(timezone.utc)
        return now.replace(tzinfo=None), now.timestamp()
    return datetime.fromtimestamp(started, timezone.utc).replace(tzinfo=None), started


def _record(context: Any, settings: OrchestrationSettings) -> run_history.RunRecord:
    """A run-history record for this Dagster run, with its steps' durations so far."""
    started_at, started_epoch = _run_started(context)
    record = run_history.RunRecord(target="duckdb", run_id=context.run_id, started_at=started_at,
                                   started_epoch=started_epoch)
    for step in context.instance.get_run_step_stats(context.run_id):
        if step.start_time and step.end_time:
            record.step_durations[step.step_key] = step.end_time - step.start_time
    record.dbt = run_history.read_run_results(
        settings.build_dir / "target" / "run_results.json", not_before=started_epoch
    )
    if settings.mode_file.exists():
        record.build_mode = settings.mode_file.read_text(encoding="utf-8").strip()
    return record


def _fingerprint(settings: OrchestrationSettings) -> dict[str, Any]:
    return incremental.fingerprint(target="duckdb", extracts=settings.extracts, variables=build_vars(settings))


def _data_age(settings: OrchestrationSettings) -> tuple[date | None, int | None]:
    import duckdb

    with duckdb.connect(str(settings.database), read_only=True) as connection:
        value = connection.execute("select max(as_of_date) from intermediate.int_as_of_date").fetchone()[0]
    if value is None:
        return None, None
    return value, (datetime.now(timezone.utc).date() - value).days


def _raw_key(extract: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", extract])


def _source_extracts(manifest: Path) -> list[str]:
    """`<source>__<table>` of every dbt source of the manifest (the extract names), sorted."""
    import json

    nodes = json.loads(manifest.read_text(encoding="utf-8"))["sources"].values()
    return sorted(f"{node['source_name']}__{node['name']}" for node in nodes)


def build_definitions(settings: OrchestrationSettings | None = None) -> dg.Definitions:
    """The Dagster `Definitions` of the scheduled build (assets, checks, job, daily schedule).

    Runs `dbt parse` once to read the models from the manifest.
    """
    settings = settings or OrchestrationSettings.from_environment()
    manifest = prepare_manifest(settings)

    sources = _source_extracts(manifest)

    class Translator(DagsterDbtTranslator):
        """Every dbt source is the raw table `raw/<extract>` that `raw_extracts` loads."""

        def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
            if dbt_resource_props["resource_type"] == "source":
                return _raw_key(f"{dbt_resource_props['source_name']}__{dbt_resource_props['name']}")
            return super().get_asset_key(dbt_resource_props)

    @dg.multi_asset(name=RAW_ASSET, group_name="load",
                    specs=[dg.AssetSpec(_raw_key(extract), group_name="load") for extract in sources],
                    description="The extract folder loaded into the build's raw schema (one asset per extract).")
    def raw_extracts(context: AssetExecutionContext) -> Iterator[dg.MaterializeResult]:
        from abm_warehouse.build import run_raw_gates
        from abm_warehouse.loader import load_folder

        settings.build_dir.mkdir(parents=True, exist_ok=True)
        # as `abm build`: work on a copy of the kept state (or from nothing when a full refresh)
        work_copy = incremental.prepare(settings.build_dir, full_refresh=settings.full_refresh, echo=context.log.info)
        settings.mode_file.unlink(missing_ok=True)
        counts = load_folder(settings.extracts, database=settings.database, echo=context.log.info)
        # the same gates as `abm build`: an empty extract or a KPI column absent or all null stops here
        run_raw_gates(settings.database, settings.gates_file, context.log.info)
        mode = incremental.decide_mode(work_copy, _fingerprint(settings), context.log.info)
        if mode == incremental.INCREMENTAL:
            incremental.refuse_shrunk_extracts(settings.database)
        settings.mode_file.write_text(mode, encoding="utf-8")
        for extract in sources:
            yield dg.MaterializeResult(asset_key=_raw_key(extract),
                                       metadata={"rows_loaded": counts.get(extract, 0), "file_present": extract in counts})

    @dbt_assets(manifest=manifest, exclude="path:seeds/demo", dagster_dbt_translator=Translator())
    def abm_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        environment = _dbt_env(settings)
        passed = {name: environment[name] for name in ("ABM_TARGET", "ABM_DUCKDB_PATH")}
        with _environment(passed):
            full = settings.mode_file.read_text(encoding="utf-8").strip() == incremental.FULL
            invocation = dbt.cli(["build", "--exclude-resource-type", "unit_test", *(["--full-refresh"] if full else []),
                                  *vars_args(build_vars(settings))],
                                 context=context,
                                 raise_on_error=False)
            yield from invocation.stream()
        # Keep the run's results where the run history reads them.
        results = invocation.target_path / "run_results.json"
        if results.exists():
            (settings.build_dir / "target").mkdir(parents=True, exist_ok=True)
            shutil.copy(results, settings.build_dir / "target" / "run_results.json")
        if not invocation.is_successful():
            raise dg.Failure(f"dbt build failed; see {invocation.target_path / 'dbt.log'}")

    @dg.asset(group_name="publish", deps=[abm_dbt_models],
              description="The marts' great-expectations suites; a failure stops the run.")
    def marts_validation(context: AssetExecutionContext) -> dg.MaterializeResult:
        from abm_warehouse.validation.runner import run_validation

        # reject shares and row counts against the last published build stop before validation
        run_built_gates(settings.database, settings.publish_to, settings.gates_file, GateReport(), context.log.info)
        report_dir = settings.publish_to.parent / "validation"
        result = run_validation(settings.database, manifest, report_dir, echo=context.log.info)
        if not result.success:
            raise dg.Failure(f"{len(result.failures())} validation check(s) failed; see {report_dir / 'validation.html'}")
        return dg.MaterializeResult(metadata={"report": str(report_dir / "validation.html")})

    severity = dg.AssetCheckSeverity.ERROR if settings.freshness_severity == "error" else dg.AssetCheckSeverity.WARN

    @dg.asset_check(asset=marts_validation, blocking=True,
                    description="Days since the latest event in the extracts, against the allowed age.")
    def data_freshness(context: AssetCheckExecutionContext) -> dg.AssetCheckResult:
        as_of, age = _data_age(settings)
        fresh = age is not None and age <= settings.freshness_max_age_days
        if not fresh and severity == dg.AssetCheckSeverity.ERROR:
            record = _record(context.op_execution_context, settings)
            record.data_as_of_date = as_of
            reason = f"data_freshness: the latest event is {age} day(s) old (allowed {settings.freshness_max_age_days})"
            record.finish(failed_step="data_freshness", reason=reason, published=False)
            run_history.append(settings.history_file, record)
        return dg.AssetCheckResult(
            passed=fresh, severity=severity,
            metadata={"data_as_of_date": str(as_of), "age_days": age if age is not None else -1,
                      "allowed_age_days": settings.freshness_max_age_days},
        )

    @dg.asset(group_name="publish", deps=[marts_validation],
              description="The published DuckDB file BI tools read (replaced atomically).")
    def published_warehouse(context: AssetExecutionContext) -> dg.MaterializeResult:
        record = _record(context, settings)
        record.mart_rows, record.data_as_of_date = run_history.measure_duckdb(settings.database)
        record.finish(published=True)
        record_run_in_warehouse(record, settings.history_file, settings.database)
        publish(settings.database, settings.publish_to)
        # the published build becomes the kept state the next run starts from
        kept = incremental.kept_state(settings.build_dir)
        incremental.keep(incremental.WorkCopy(kept, settings.database, record.build_mode or incremental.FULL, ""),
                         _fingerprint(settings))
        return dg.MaterializeResult(metadata={"path": str(settings.publish_to),
                                              "mart_rows_total": sum(record.mart_rows.values())})

    @dg.failure_hook
    def record_failed_run(context: HookContext) -> None:
        """A failed step: the run is recorded as failed and nothing is published."""
        if context.op.name.endswith("data_freshness"):
            return  # the freshness check recorded the run with its own reason
        record = _record(context, settings)
        error = context.op_exception
        reason = f"step '{context.op.name}' failed: {error}" if error else f"step '{context.op.name}' failed"
        record.finish(failed_step=context.op.name, reason=reason, published=False)
        run_history.append(settings.history_file, record)

    job = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all(include_sources=False) | dg.AssetSelection.all_asset_checks(),
                              hooks={record_failed_run})
    schedule = dg.ScheduleDefinition(job=job, cron_schedule=settings.cron, execution_timezone="UTC",
                                     name=f"{JOB_NAME}_schedule")
    dbt_executable = Path(sys.executable).with_name("dbt")
    return dg.Definitions(
        assets=[raw_extracts, abm_dbt_models, marts_validation, published_warehouse],
        asset_checks=[data_freshness],
        jobs=[job],
        schedules=[schedule],
        resources={"dbt": DbtCliResource(project_dir=str(project_dir()), profiles_dir=str(project_dir()),
                                         dbt_executable=str(dbt_executable) if dbt_executable.exists() else "dbt")},
    )
