"""The scheduled build: load, seed, build and test, then publish atomically.

On DuckDB a build never writes the file that readers use. It builds a copy of
`<build dir>/abm.duckdb`, the private working database with the raw, staging and intermediate
schemas kept from the last build that passed (`abm_warehouse.incremental`: the event extracts
are then parsed only from their lookback window on; `full_refresh` or a change of extract
folder, vars or project code rebuilds everything), and, only when every step and every gate
passed, publishes: a NEW DuckDB file holding only the
`marts` and `audit` schemas (tables, no views) is written beside the published file,
checkpointed, and renamed over it with `os.replace`: an atomic rename, so a BI tool or notebook
holding the old file keeps reading consistent numbers, new readers see the new build, and a
failed build leaves the published numbers untouched. A write-ahead log left beside the
published file by a crashed read-write session is removed first (see `publish`).

Steps:
1. with `extracts`: `abm load` the folder into the raw schema, then `dbt seed` the configuration
   seeds only, and read the raw schema (`--vars {abm_demo: false, raw_schema: raw}`; a source
   system without any file is switched off, see abm_warehouse.extract_vars); without: `dbt
   seed` loads the configuration and the demo extracts (into `abm_demo_extracts`) and the
   build reads those (`abm_demo: true`). Seeds run in their own step because sources have no
   DAG edge to the demo seeds: inside `dbt build` a staging model could run before its
   extract is loaded.
   Then `dbt source freshness` reports how fresh every extract is (a warning; it fails the
   build only past `abm_freshness_error_after_days` when that var is set).
2. `dbt build` without seeds (models, data tests, unit tests), or `dbt run` with skip_tests.
3. optionally `dbt docs generate` against the fresh build.
2b. gates (`abm_warehouse.gates`): right after the load, the raw tables are checked (an empty
   extract, a KPI column absent or all null); after `dbt build`, the reject share of every
   extract and its row count against the last published build. A stop fails the build.
4. validate the marts with their expectation suites (DuckDB only; `abm_warehouse.validation`):
   a build whose marts fail validation is not published. Reports go to the `validation/`
   folder beside the published file (else in the build directory).
5. publish: on DuckDB replace the published file; on PostgreSQL swap the shadow schemas the
   build wrote into (`abm_warehouse.postgres_publish`) in one transaction.
6. with `report_to`: write the KPI report (`abm_warehouse.report`) from the published file (or
   the PostgreSQL server); `write_build_report`.
Every run, passed or failed, is recorded in the run history (`abm_warehouse.run_history`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from abm_warehouse.dbt import DbtError, dbt_environment, run_dbt
from abm_warehouse.extract_vars import demo_vars, systems_switched_off, user_vars, vars_args
from abm_warehouse.gates import (
    DEMO_SOURCE,
    EXTRACTS_SOURCE,
    GateReport,
    GateResult,
    GateStopped,
    check_built,
    check_raw,
    format_report,
    read_settings,
)
from abm_warehouse.gates import record as record_gates
from abm_warehouse.loader import load_folder
from abm_warehouse.paths import WAREHOUSE_FILE_NAME, default_build_dir, published_warehouse
from abm_warehouse import incremental, postgres_publish, run_history

Echo = Callable[[str], None]


class BuildError(Exception):
    """A build step failed; `step` names it and `__cause__` holds the original error."""

    def __init__(self, step: str, cause: BaseException) -> None:
        self.step = step
        super().__init__(f"step '{step}' failed: {cause}")


@dataclass
class BuildResult:
    """What a build produced: the DuckDB file (None on PostgreSQL) and the step durations."""

    database: Path | None
    published: Path | None
    durations: list[tuple[str, float]] = field(default_factory=list)
    report: Path | None = None
    run: run_history.RunRecord | None = None
    """This run as recorded in the run history."""


def _remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


PUBLISHED_SCHEMAS = ("marts", "audit")
"""What BI reads: the marts and the audit tables that explain them. Raw, staging and
intermediate data (with contact emails and names) stay in the private build file."""


class PublishError(Exception):
    """The published file cannot be replaced safely (e.g. a process holds it open read-write)."""


def publish(build_database: Path, published: Path, echo: Echo = print) -> None:
    """Publish the marts and audit tables of `build_database` as a new file over `published`.

    The build file stays where it is (the private working database). A new DuckDB file beside
    `published` receives a table copy of every table and view of the published schemas (read
    through ATTACH), is checkpointed (no write-ahead log of its own) and is then renamed over
    `published` in one atomic `os.replace`. A write-ahead log left beside `published` by a
    crashed read-write session belongs to the old file: it is removed before the rename, so
    DuckDB can never replay it onto the new file.

    Raises:
        ValueError: the two files have different names (DuckDB names the catalog after the file).
        PublishError: another process holds `published` open read-write.
    """
    if build_database.name != published.name:
        raise ValueError(
            f"{build_database.name} and {published.name} differ: DuckDB names the catalog after the file"
        )
    published.parent.mkdir(parents=True, exist_ok=True)
    _refuse_if_opened_read_write(published)
    for leftover in published.parent.glob(f".{published.name}.publishing-*"):
        leftover.unlink(missing_ok=True)  # a publish killed half-way (never the published file)
    fresh = published.with_name(f".{published.name}.publishing-{os.getpid()}")
    try:
        _copy_published_schemas(build_database, fresh)
        stale_log = published.with_name(published.name + ".wal")
        if stale_log.exists():
            echo(f"note: removed {stale_log.name}, a write-ahead log left by a read-write session "
                 "that did not close; it belongs to the previous file and would corrupt the new one.")
            stale_log.unlink()
        os.replace(fresh, published)
    finally:
        _remove_database(fresh)


def _refuse_if_opened_read_write(published: Path) -> None:
    """Raise PublishError when another process holds `published` open read-write."""
    import duckdb

    if not published.exists():
        return
    try:
        duckdb.connect(str(published), read_only=True).close()
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        raise PublishError(
            f"{published} is open read-write in another process; close it (BI tools and notebooks "
            "should open it read-only) and build again. The published file was left untouched."
        ) from error


def _copy_published_schemas(build_database: Path, fresh: Path) -> None:
    """Copy every table and view of PUBLISHED_SCHEMAS from the build file into a new file, as tables."""
    import duckdb

    with duckdb.connect() as connection:
        connection.execute(f"attach '{_sql_text(str(build_database))}' as build_db (read_only)")
        connection.execute(f"attach '{_sql_text(str(fresh))}' as fresh_db")
        relations = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'build_db' and table_schema in ({}) order by 1, 2".format(
                ", ".join(f"'{schema}'" for schema in PUBLISHED_SCHEMAS)
            )
        ).fetchall()
        for schema in PUBLISHED_SCHEMAS:
            connection.execute(f'create schema if not exists fresh_db."{schema}"')
        for schema, table in relations:
            connection.execute(
                f'create table fresh_db."{schema}"."{table}" as select * from build_db."{schema}"."{table}"'
            )
        connection.execute("checkpoint fresh_db")
        connection.execute("detach fresh_db")
        connection.execute("detach build_db")


def _sql_text(value: str) -> str:
    return value.replace("'", "''")


class BuildAlreadyRunning(Exception):
    """Another build holds the lock of the build directory."""

    def __init__(self, build_dir: Path, holder: str) -> None:
        self.build_dir = build_dir
        who = f"another build (process {holder})" if holder.isdigit() else "another build"
        super().__init__(
            f"{who} is already running in {build_dir}. Wait for it to finish, or give this build "
            "a folder of its own with --build-dir (the published warehouse is only replaced when a "
            "build passes)."
        )


@contextmanager
def _exclusive(build_dir: Path) -> Iterator[None]:
    """Hold a lock on the build directory: two builds must not share one build file."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent builds are the user's call
        yield
        return
    lock_path = build_dir / ".build.lock"
    with lock_path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            running = BuildAlreadyRunning(build_dir, lock.read().strip())
            raise BuildError("start", running) from running
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def build_warehouse(
    *,
    extracts: Path | None = None,
    target: str = "duckdb",
    skip_tests: bool = False,
    build_dir: Path | None = None,
    publish_to: Path | None = None,
    allow_missing: bool = False,
    generate_docs: bool = False,
    environ: Mapping[str, str] | None = None,
    echo: Echo = print,
    gates_file: Path | None = None,
    report_to: Path | None = None,
    history_file: Path | None = None,
    full_refresh: bool = False,
) -> BuildResult:
    """Build the warehouse and publish it when every step passed.

    Args:
        extracts: a folder of extract files to load; None builds the demo extracts (dbt seed).
        target: `duckdb` or `postgres` (ABM_PG_* settings from `environ`).
        skip_tests: `dbt run` instead of `dbt build` (no data tests, no unit tests).
        build_dir: where the build writes its DuckDB file, dbt target and logs
            (default: warehouse/build/).
        publish_to: the published DuckDB file; None builds without publishing.
        allow_missing: load a partial extracts folder.
        generate_docs: run `dbt docs generate` (into the project's target/) before publishing.
        environ: extra environment for dbt and the loader (e.g. ABM_PG_* settings).
        echo: where progress lines go.
        gates_file: the gate thresholds (default: seeds/config/extract_gates.csv).
        report_to: write the KPI report (HTML) there once the build is published (DuckDB) or
            built (PostgreSQL); None writes no report.
        history_file: the run history (default: run_history.duckdb beside the published file,
            else in the build directory).
        full_refresh: rebuild every incremental model from the whole extracts instead of
            starting from the kept state of the last build (DuckDB; other engines always
            build in full).

    Returns:
        The build result, with the duration of each step.

    Raises:
        BuildError: a step failed; the published file was not touched.
    """
    build_dir = (build_dir or default_build_dir()).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    history_file = history_file or run_history.default_history_file(publish_to, build_dir)
    record = run_history.RunRecord(target=target)
    with _exclusive(build_dir):
        try:
            result = _build(
                extracts=extracts, target=target, skip_tests=skip_tests, build_dir=build_dir,
                publish_to=publish_to, allow_missing=allow_missing, generate_docs=generate_docs,
                environ=environ, echo=echo, gates_file=gates_file, record=record,
                history_file=history_file, full_refresh=full_refresh,
            )
        except BuildError as error:
            _record_failure(record, error, build_dir, history_file)
            raise
    result.run = record
    if report_to is not None:
        write_build_report(result, target=target, report_to=report_to, environ=environ, echo=echo)
    return result


def _record_failure(record: run_history.RunRecord, error: BuildError, build_dir: Path, history_file: Path) -> None:
    """Write a failed run to the history (never masking the build's own error)."""
    if record.dbt is None:
        record.dbt = run_history.read_run_results(
            build_dir / "target" / "run_results.json", not_before=record.started_epoch
        )
    record.finish(failed_step=error.step, reason=f"step '{error.step}' failed: {error.__cause__}", published=False)
    try:
        run_history.append(history_file, record)
    except Exception as history_error:  # noqa: BLE001 - the build error is what the user needs
        print(f"warning: the run could not be recorded in {history_file}: {history_error}")


def _build(
    *,
    extracts: Path | None,
    target: str,
    skip_tests: bool,
    build_dir: Path,
    publish_to: Path | None,
    allow_missing: bool,
    generate_docs: bool,
    environ: Mapping[str, str] | None,
    echo: Echo,
    record: run_history.RunRecord,
    history_file: Path,
    gates_file: Path | None = None,
    full_refresh: bool = False,
) -> BuildResult:
    if target != "duckdb":
        record.build_mode = incremental.FULL
        return _build_on(
            None, None, extracts=extracts, target=target, skip_tests=skip_tests, build_dir=build_dir,
            publish_to=publish_to, allow_missing=allow_missing, generate_docs=generate_docs,
            environ=environ, echo=echo, record=record, history_file=history_file, gates_file=gates_file,
        )
    # DuckDB: build on a copy of the kept state; it replaces the kept state only when every step passed
    work_copy = incremental.prepare(build_dir, full_refresh=full_refresh, echo=echo)
    try:
        result = _build_on(
            work_copy.work, work_copy, extracts=extracts, target=target, skip_tests=skip_tests,
            build_dir=build_dir, publish_to=publish_to, allow_missing=allow_missing,
            generate_docs=generate_docs, environ=environ, echo=echo, record=record,
            history_file=history_file, gates_file=gates_file,
        )
    except BaseException:
        incremental.discard(work_copy.work)
        raise
    return result


def _build_on(
    database: Path | None,
    work_copy: incremental.WorkCopy | None,
    *,
    extracts: Path | None,
    target: str,
    skip_tests: bool,
    build_dir: Path,
    publish_to: Path | None,
    allow_missing: bool,
    generate_docs: bool,
    environ: Mapping[str, str] | None,
    echo: Echo,
    record: run_history.RunRecord,
    history_file: Path,
    gates_file: Path | None = None,
) -> BuildResult:
    extra = dict(environ or {})
    if target == "spark":
        # The loader and dbt are separate processes: both must open the same Spark catalog.
        extra.setdefault("ABM_SPARK_DIR", str(build_dir / "spark"))
    if target == "postgres":
        # dbt writes every layer but raw into shadow schemas; the publish step swaps them in.
        extra["ABM_SCHEMA_SUFFIX"] = postgres_publish.SHADOW_SUFFIX
    environment = dbt_environment(
        target=target,
        duckdb_path=database,
        target_path=build_dir / "target",
        log_path=build_dir / "logs",
        extra=extra,
    )
    result = BuildResult(database=database, published=None)
    gate_report = GateReport()

    @contextmanager
    def step(name: str) -> Iterator[None]:
        echo(f"==> {name}")
        started = time.monotonic()
        try:
            yield
        except Exception as error:
            raise BuildError(name, error) from error
        elapsed = time.monotonic() - started
        result.durations.append((name, elapsed))
        record.step_durations[name] = elapsed
        echo(f"==> {name}: done in {elapsed:.1f} s")

    if target == "postgres":
        with step("connect to PostgreSQL"):
            _check_connection({**os.environ, **extra})
        with step("drop shadow schemas left by an earlier build"):
            postgres_publish.drop_shadow_schemas(_pg_settings(extra))

    variables = demo_vars()
    switched_off: list[str] = []
    if extracts is not None:
        with step(f"load extracts from {extracts}"):
            loaded = load_folder(
                extracts,
                target=target,
                database=database,
                allow_missing=allow_missing,
                environ={**os.environ, **extra},
                echo=echo,
            )
            switched_off = _switched_off_systems(loaded, echo)
        variables = user_vars("raw", switched_off)
        if database is not None:
            with step("gates on the raw extracts"):
                gate_report.results += run_raw_gates(database, gates_file, echo)

    # incremental or full: decided before anything is seeded or built (abm_warehouse.incremental)
    state = incremental.fingerprint(target=target, extracts=extracts, variables=variables)
    refresh: list[str] = []
    if work_copy is not None:
        record.build_mode = incremental.decide_mode(work_copy, state, echo)
        if record.build_mode == incremental.FULL:
            refresh = ["--full-refresh"]
        elif extracts is not None:
            with step("check the extracts against the kept state"):
                incremental.refuse_shrunk_extracts(work_copy.work)

    if extracts is not None:
        with step("dbt seed (configuration seeds)"):
            run_dbt(["seed", "--full-refresh", "--exclude", "path:seeds/demo", *vars_args(variables)], environment)
    else:
        with step("dbt seed (configuration and demo extracts)"):
            run_dbt(["seed", "--full-refresh", *vars_args(variables)], environment)

    with step("dbt source freshness"):
        report_freshness(environment, variables, switched_off, echo)

    if skip_tests:
        with step("dbt run (tests skipped)"):
            run_dbt(["run", *refresh, *vars_args(variables)], environment)
    else:
        command = ["build", "--exclude-resource-type", "seed", *refresh, *vars_args(variables)]
        if extracts is not None:
            # dbt builds a unit test's inputs with the columns of the raw table it mocks, so a
            # user's extract that lacks an optional column would fail unit tests that say
            # nothing about the data. They run against the demo extracts (full contract).
            command += ["--exclude-resource-type", "unit_test"]
        label = "models, data tests" + (", unit tests" if extracts is None else "")
        with step(f"dbt build ({label})"):
            try:
                run_dbt(command, environment)
            except DbtError as error:
                # a failing test often has a plainer cause: say which extract and column it is
                if database is not None:
                    _explain_with_gates(database, publish_to, gates_file, error, _extracts_source(extracts))
                raise

    if database is not None:
        with step("gates before publishing"):
            gate_report.results += run_built_gates(
                database, publish_to, gates_file, gate_report, echo, _extracts_source(extracts)
            )
    record.dbt = run_history.read_run_results(build_dir / "target" / "run_results.json")

    if generate_docs:
        with step("dbt docs generate"):
            docs_environment = dict(environment, DBT_TARGET_PATH=str(Path(environment["DBT_PROJECT_DIR"]) / "target"))
            run_dbt(["docs", "generate", *vars_args(variables)], docs_environment)

    # --- Validation: the marts' expectation suites gate publication. ---------------------------
    if database is not None:
        with step("validate marts (great-expectations)"):
            _validate_marts(database, build_dir, publish_to, echo)

    if database is not None and publish_to is not None:
        record.mart_rows, record.data_as_of_date = run_history.measure_duckdb(database)
        record.finish(published=True)
        with step(f"publish to {publish_to}"):
            record_run_in_warehouse(record, history_file, database)
            publish(database, publish_to, echo)
        result.published = publish_to
        run_history.append(history_file, record)  # again, now with the publish step's duration
    elif target == "postgres":
        settings = _pg_settings(extra)
        with step("publish (swap the shadow schemas on PostgreSQL)"):
            suffix = postgres_publish.SHADOW_SUFFIX
            record.mart_rows, record.data_as_of_date = run_history.measure_postgres(
                settings, f"marts{suffix}", f"intermediate{suffix}"
            )
            postgres_publish.swap_shadow_schemas(settings, postgres_publish.bi_role_name(extra))
        record.finish(published=True)
        run_history.append(history_file, record)
    else:
        if database is not None:
            record.mart_rows, record.data_as_of_date = run_history.measure_duckdb(database)
        record.finish(published=False, reason="publishing was not requested" if target == "duckdb"
                      else f"no publish step on {target}")
        run_history.append(history_file, record)
    if work_copy is not None:
        result.database = incremental.keep(work_copy, state)
    return result


def _check_connection(environ: Mapping[str, str]) -> None:
    """Fail before loading or seeding when PostgreSQL cannot be reached (ConnectionProblem)."""
    from abm_warehouse.connection import check_postgres

    check_postgres(environ)


def _switched_off_systems(loaded: Mapping[str, int], echo: Echo) -> list[str]:
    """The optional source systems without any loaded extract (see extract_vars); a system
    loaded in part (--allow-missing) is reported, and dbt then names the missing table."""
    from abm_warehouse.contract import load_contract
    from abm_warehouse.extract_vars import enable_var, partly_loaded_systems

    contract = load_contract()
    off = systems_switched_off(loaded, contract)
    for system in off:
        echo(f"note: no extract of source system {system}: built without it ({enable_var(system)}: false)")
    for problem in partly_loaded_systems(loaded, contract):
        echo(f"warning: {problem}")
    return off


class StaleSources(Exception):
    """`dbt source freshness` found an extract older than abm_freshness_error_after_days."""


def report_freshness(
    environment: Mapping[str, str], variables: Mapping[str, object], switched_off: list[str], echo: Echo
) -> dict[str, int]:
    """Run `dbt source freshness` and print how many sources pass, warn or fail.

    Stale sources are a warning; the build fails only when a source is past the error
    threshold, which applies only when the var `abm_freshness_error_after_days` is set. A
    source that cannot be checked (a query error) is reported and does not stop the build.

    Returns:
        The number of sources per status (pass, warn, error, runtime error).
    """
    import json

    command = ["source", "freshness", *vars_args(variables)]
    for system in switched_off:
        command += ["--exclude", f"source:{system}"]
    results_file = Path(environment["DBT_TARGET_PATH"]) / "sources.json" if "DBT_TARGET_PATH" in environment else None
    if results_file is not None:
        results_file.unlink(missing_ok=True)  # never report a previous build's results
    failed: DbtError | None = None
    try:
        run_dbt(command, environment)
    except DbtError as error:
        failed = error
    counts: dict[str, int] = {}
    stale: list[str] = []
    if results_file is not None and results_file.exists():
        for result in json.loads(results_file.read_text()).get("results", []):
            status = str(result.get("status"))
            counts[status] = counts.get(status, 0) + 1
            if status == "error":
                stale.append(result["unique_id"].split(".", 2)[-1])
    elif failed is not None:
        raise failed
    echo("freshness: " + ", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    if stale:
        raise StaleSources(
            f"extract(s) older than abm_freshness_error_after_days: {', '.join(stale)}; "
            "load fresh extracts, or raise the var"
        )
    return counts


def run_raw_gates(database: Path, gates_file: Path | None, echo: Echo) -> list[GateResult]:
    """Run the raw gates; echo their stops and raise GateStopped when there is one."""
    report = check_raw(database, settings=read_settings(gates_file))
    if report.stops:
        record_gates(database, report)
        echo(format_report(report))
        raise GateStopped(report.stops)
    return report.results


def run_built_gates(
    database: Path, publish_to: Path | None, gates_file: Path | None, raw: GateReport, echo: Echo,
    source: str = EXTRACTS_SOURCE,
) -> list[GateResult]:
    """Run the gates on the built models, echo every result, record them all, stop on a stop.
    Row counts are compared with the last published build of the same `source` only."""
    report = check_built(database, published=publish_to, settings=read_settings(gates_file), source=source)
    record_gates(database, GateReport(raw.results + report.results), source)
    echo(format_report(report))
    if report.stops:
        raise GateStopped(report.stops)
    return report.results


def _explain_with_gates(
    database: Path, publish_to: Path | None, gates_file: Path | None, error: DbtError, source: str
) -> None:
    """After a failed dbt build: when a gate stops on what was built, raise that stop instead."""
    try:
        report = check_built(database, published=publish_to, settings=read_settings(gates_file), source=source)
    except Exception:  # the build file may be unreadable after a failed build: keep dbt's error
        return
    if report.stops:
        raise GateStopped(report.stops) from error


def _extracts_source(extracts: Path | None) -> str:
    """The gates' name for what a build reads: the demo, or a folder of a user's extracts."""
    return DEMO_SOURCE if extracts is None else EXTRACTS_SOURCE


def _pg_settings(extra: Mapping[str, str]) -> dict[str, object]:
    from abm_warehouse.loader import postgres_settings

    return postgres_settings({**os.environ, **extra})


def record_run_in_warehouse(record: run_history.RunRecord, history_file: Path, database: Path) -> None:
    """Append this (passed) run to the history file and copy the whole history into the
    build's `audit` schema, so the published warehouse carries it. Call just before publishing."""
    run_history.append(history_file, record)
    run_history.copy_into_warehouse(history_file, database)


class ValidationFailed(Exception):
    """The built marts failed their expectation suites; the message names the report."""


def _validate_marts(database: Path, build_dir: Path, publish_to: Path | None, echo: Echo) -> None:
    """Run the validation suites on the build file; raise ValidationFailed on any failure."""
    from abm_warehouse.validation.runner import run_validation

    report_dir = (publish_to.parent if publish_to is not None else build_dir) / "validation"
    result = run_validation(database, build_dir / "target" / "manifest.json", report_dir, echo=echo)
    if not result.success:
        raise ValidationFailed(
            f"{len(result.failures())} validation check(s) failed; see {report_dir / 'validation.html'}"
        )


REPORT_STEP = "write KPI report"


def write_build_report(
    result: BuildResult,
    *,
    target: str,
    report_to: Path,
    environ: Mapping[str, str] | None = None,
    echo: Echo = print,
) -> Path:
    """The last step of a build: write the KPI report from what the build produced.

    It reads the published file (else the build file) on DuckDB, the server on PostgreSQL
    (ABM_PG_* from `environ`). A failure raises BuildError(REPORT_STEP): the warehouse itself
    was built (and published) by then.
    """
    from abm_warehouse.report.render import write_report
    from abm_warehouse.report.source import open_source

    echo(f"==> {REPORT_STEP}")
    started = time.monotonic()
    try:
        source = open_source(target, result.published or result.database, {**os.environ, **(environ or {})})
        write_report(source, report_to)
    except Exception as error:
        raise BuildError(REPORT_STEP, error) from error
    elapsed = time.monotonic() - started
    result.durations.append((REPORT_STEP, elapsed))
    result.report = report_to
    echo(f"==> {REPORT_STEP}: done in {elapsed:.1f} s")
    return report_to


def format_durations(result: BuildResult) -> str:
    """One line per step with its duration, and the total."""
    width = max(len(name) for name, _ in result.durations) if result.durations else 5
    lines = [f"  {name:<{width}}  {seconds:7.1f} s" for name, seconds in result.durations]
    lines.append(f"  {'total':<{width}}  {sum(s for _, s in result.durations):7.1f} s")
    return "\n".join(lines)


def default_publish_target() -> Path:
    """The published DuckDB file of the project (warehouse/abm.duckdb)."""
    return published_warehouse()
