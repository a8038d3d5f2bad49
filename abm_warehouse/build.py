"""The scheduled build: load, seed, build and test, then publish atomically.

On DuckDB a build never writes the file that readers use. It builds `<build dir>/abm.duckdb`
(deleted first) and, only when every step passed, moves it over the published file with
`os.replace`: an atomic rename, so a BI tool or notebook holding the old file keeps reading
consistent numbers, new readers see the new build, and a failed build leaves the published
numbers untouched. Both files are named `abm.duckdb` because DuckDB names the catalog after
the file and the views refer to `abm.<schema>.<table>`.

Steps:
1. with `extracts`: `abm load` the folder into the raw schema, then `dbt seed` the configuration
   seeds only (ABM_LOAD_DEMO_EXTRACTS=false); without: `dbt seed` loads the configuration and
   the demo extracts. Seeds run in their own step because sources have no DAG edge to the
   demo seeds: inside `dbt build` a staging model could run before its extract is loaded.
2. `dbt build` without seeds (models, data tests, unit tests), or `dbt run` with skip_tests.
3. optionally `dbt docs generate` against the fresh build.
4. validate the marts with their expectation suites (DuckDB only; `abm_warehouse.validation`):
   a build whose marts fail validation is not published. Reports go to the `validation/`
   folder beside the published file (else in the build directory).
5. publish: on DuckDB replace the published file; on PostgreSQL swap the shadow schemas the
   build wrote into (`abm_warehouse.postgres_publish`) in one transaction.
Every run, passed or failed, is recorded in the run history (`abm_warehouse.run_history`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.loader import load_folder
from abm_warehouse.paths import WAREHOUSE_FILE_NAME, default_build_dir, published_warehouse
from abm_warehouse import postgres_publish, run_history

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
    run: run_history.RunRecord | None = None
    """This run as recorded in the run history."""


def _remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def _checkpoint(path: Path) -> None:
    """Fold any write-ahead log into the file so that the file alone is the whole build."""
    import duckdb

    with duckdb.connect(str(path)) as connection:
        connection.execute("checkpoint")


def publish(build_database: Path, published: Path) -> None:
    """Atomically replace `published` with `build_database` (same file system, same file name)."""
    if build_database.name != published.name:
        raise ValueError(
            f"{build_database.name} and {published.name} differ: DuckDB names the catalog after the file"
        )
    _checkpoint(build_database)
    published.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build_database, published)


@contextmanager
def _exclusive(build_dir: Path) -> Iterator[None]:
    """Hold a lock on the build directory: two builds must not share one build file."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent builds are the user's call
        yield
        return
    with (build_dir / ".build.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildError(
                "start", RuntimeError(f"another build is running in {build_dir}; use another --build-dir")
            ) from error
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
    history_file: Path | None = None,
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
        history_file: the run history (default: run_history.duckdb beside the published file,
            else in the build directory).

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
                environ=environ, echo=echo, record=record, history_file=history_file,
            )
        except BuildError as error:
            _record_failure(record, error, build_dir, history_file)
            raise
    result.run = record
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
) -> BuildResult:
    database = build_dir / WAREHOUSE_FILE_NAME if target == "duckdb" else None
    if database is not None:
        _remove_database(database)
    extra = dict(environ or {})
    extra["ABM_LOAD_DEMO_EXTRACTS"] = "false" if extracts is not None else "true"
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
        with step("drop shadow schemas left by an earlier build"):
            postgres_publish.drop_shadow_schemas(_pg_settings(extra))

    if extracts is not None:
        with step(f"load extracts from {extracts}"):
            load_folder(
                extracts,
                target=target,
                database=database,
                allow_missing=allow_missing,
                environ={**os.environ, **extra},
                echo=echo,
            )
        with step("dbt seed (configuration seeds)"):
            run_dbt(["seed", "--full-refresh"], environment)
    else:
        with step("dbt seed (configuration and demo extracts)"):
            run_dbt(["seed", "--full-refresh"], environment)

    if skip_tests:
        with step("dbt run (tests skipped)"):
            run_dbt(["run"], environment)
    else:
        command = ["build", "--exclude-resource-type", "seed"]
        if extracts is not None:
            # dbt builds a unit test's inputs with the columns of the raw table it mocks, so a
            # user's extract that lacks an optional column would fail unit tests that say
            # nothing about the data. They run against the demo extracts (full contract).
            command += ["--exclude-resource-type", "unit_test"]
        label = "models, data tests" + (", unit tests" if extracts is None else "")
        with step(f"dbt build ({label})"):
            run_dbt(command, environment)
    record.dbt = run_history.read_run_results(build_dir / "target" / "run_results.json")

    if generate_docs:
        with step("dbt docs generate"):
            docs_environment = dict(environment, DBT_TARGET_PATH=str(Path(environment["DBT_PROJECT_DIR"]) / "target"))
            run_dbt(["docs", "generate"], docs_environment)

    # --- Validation: the marts' expectation suites gate publication. ---------------------------
    if database is not None:
        with step("validate marts (great-expectations)"):
            _validate_marts(database, build_dir, publish_to, echo)

    if database is not None and publish_to is not None:
        record.mart_rows, record.data_as_of_date = run_history.measure_duckdb(database)
        record.finish(published=True)
        with step(f"publish to {publish_to}"):
            record_run_in_warehouse(record, history_file, database)
            publish(database, publish_to)
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
    return result


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


def format_durations(result: BuildResult) -> str:
    """One line per step with its duration, and the total."""
    width = max(len(name) for name, _ in result.durations) if result.durations else 5
    lines = [f"  {name:<{width}}  {seconds:7.1f} s" for name, seconds in result.durations]
    lines.append(f"  {'total':<{width}}  {sum(s for _, s in result.durations):7.1f} s")
    return "\n".join(lines)


def default_publish_target() -> Path:
    """The published DuckDB file of the project (warehouse/abm.duckdb)."""
    return published_warehouse()
