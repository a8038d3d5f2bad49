"""The `abm` command line: generate demo extracts, load a folder, build, read the KPIs.

Exit codes: 0 success, 1 a build step failed, 2 the input breaks the extract contract (or the
command line is wrong).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from abm_warehouse.build import REPORT_STEP, BuildError, build_warehouse
from abm_warehouse.connection import ConnectionProblem
from abm_warehouse.console import BuildConsole, failing_nodes, tail
from abm_warehouse.contract import ContractError
from abm_warehouse.dbt import DbtError, dbt_output_to
from abm_warehouse.extract_vars import RefusedSchema, refuse_demo_schema
from abm_warehouse.kpis import KpiError, summarize
from abm_warehouse.loader import LoadError, load_folder
from abm_warehouse.paths import WAREHOUSE_FILE_NAME, default_build_dir, project_dir, published_warehouse
from abm_warehouse.report.render import REPORT_FILE_NAME

EXIT_BUILD_FAILED = 1
EXIT_BAD_INPUT = 2


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _report_load_error(error: LoadError) -> int:
    _error("the extracts do not meet the contract; nothing was loaded:")
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _default_load_database() -> Path:
    """The DuckDB file a plain `dbt build` reads: ABM_DUCKDB_PATH, as in profiles.yml."""
    return Path(os.environ.get("ABM_DUCKDB_PATH") or project_dir() / "warehouse" / "abm_build.duckdb")


def cmd_generate(args: argparse.Namespace) -> int:
    """`abm generate`: write demo extracts with the generator."""
    try:
        from abm_warehouse.generator.demo import generate
    except ModuleNotFoundError as error:
        _error(f"the demo generator is not available ({error})")
        return EXIT_BUILD_FAILED
    counts = generate(Path(args.out), scale=args.scale, fmt=args.format, seed=args.seed)
    width = max([len("file"), *(len(name) for name in counts)])
    print(f"Wrote {len(counts)} file(s) to {args.out}:")
    for name, rows in counts.items():
        print(f"  {name:<{width}}  {rows:>10,}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    """`abm load`: check a folder of extracts and load it into the raw schema as text."""
    database = Path(args.database) if args.database else _default_load_database()
    try:
        refuse_demo_schema(args.schema)
        load_folder(
            Path(args.folder),
            target=args.target,
            database=database if args.target == "duckdb" else None,
            schema=args.schema,
            allow_missing=args.allow_missing,
        )
    except LoadError as error:
        return _report_load_error(error)
    except ConnectionProblem as error:
        _error(f"{error} Nothing was loaded.")
        return EXIT_BUILD_FAILED
    except RefusedSchema as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    return 0


def _report_path(args: argparse.Namespace, published: Path) -> Path | None:
    """Where a build writes the KPI report: beside the published file (DuckDB) or in the
    project's warehouse/ folder (PostgreSQL); None with --no-report or on Spark."""
    if getattr(args, "no_report", False) or args.target not in ("duckdb", "postgres"):
        return None
    return (published.parent if args.target == "duckdb" else published_warehouse().parent) / REPORT_FILE_NAME


def _print_build_failure(error: BuildError, build_dir: Path, log_path: Path) -> None:
    """After a failed step: the failing dbt nodes, the last lines of the build log and its path."""
    if isinstance(error.__cause__, DbtError):
        nodes = failing_nodes(build_dir / "target" / "run_results.json")
        if nodes:
            print("Failing dbt nodes:", file=sys.stderr)
            for line in nodes:
                print(f"  {line}", file=sys.stderr)
    last = tail(log_path, 15)
    if last:
        print(f"Last lines of the build log {log_path}:", file=sys.stderr)
        for line in last:
            print(f"  | {line}", file=sys.stderr)


def _build(args: argparse.Namespace, *, extracts: Path | None, generate_docs: bool = False) -> int:
    published = Path(args.publish_to) if getattr(args, "publish_to", None) else published_warehouse()
    build_dir = (Path(args.build_dir) if args.build_dir else default_build_dir()).resolve()
    log_path = build_dir / "build.log"
    try:
        with BuildConsole(log_path) as console, dbt_output_to(console.dbt_line):
            result = build_warehouse(
                extracts=extracts,
                target=args.target,
                skip_tests=args.skip_tests,
                build_dir=build_dir,
                publish_to=published if args.target == "duckdb" else None,
                allow_missing=args.allow_missing,
                generate_docs=generate_docs,
                echo=console.echo,
                report_to=_report_path(args, published),
                gates_file=_gates_file(args),
                full_refresh=getattr(args, "full_refresh", False),
            )
    except BuildError as error:
        cause = error.__cause__
        _print_build_failure(error, build_dir, log_path)
        if isinstance(cause, LoadError):
            _report_load_error(cause)
        elif isinstance(cause, ConnectionProblem):
            _error(str(cause))
        elif isinstance(cause, DbtError):
            _error(f"{cause} (full output in {log_path})")
        else:
            _error(str(cause))
        if error.step == REPORT_STEP:
            untouched = "The warehouse was built and published; only the KPI report was not written."
        elif args.target == "duckdb":
            untouched = f"The published warehouse {published} was left untouched."
        else:
            untouched = (
                "The published PostgreSQL schemas were left untouched." if args.target == "postgres"
                else "The Spark catalog may hold a partial build."
            )
        print(f"error: build failed at step '{error.step}'. {untouched}", file=sys.stderr)
        return EXIT_BAD_INPUT if isinstance(cause, LoadError) else EXIT_BUILD_FAILED
    print(f"Build finished: total {sum(seconds for _, seconds in result.durations):.1f} s (full log: {log_path})")
    if result.published:
        print(f"Published {result.published}")
    args.report_written = result.report
    if result.report and not getattr(args, "quiet_report", False):
        print(f"KPI report: {result.report}")
    return 0


def _gates_file(args: argparse.Namespace) -> Path | None:
    """The --gates file of `abm build`, if given."""
    return Path(args.gates) if getattr(args, "gates", None) else None


def cmd_build(args: argparse.Namespace) -> int:
    """`abm build`: the scheduled build (load or seed, dbt build, publish)."""
    return _build(args, extracts=Path(args.extracts) if args.extracts else None)


def cmd_kpis(args: argparse.Namespace) -> int:
    """`abm kpis`: print extract reconciliation and the latest scorecard rows."""
    try:
        print(summarize(Path(args.database) if args.database else published_warehouse()))
    except KpiError as error:
        _error(str(error))
        return EXIT_BUILD_FAILED
    return 0


def cmd_declarations(args: argparse.Namespace) -> int:
    """`abm declarations`: check every place a KPI appears against its declaration (and with
    --write, first regenerate what the declarations generate: the KPI table of
    docs/kpi_catalogue.md and the semantic metrics of models/semantic/_semantic__kpi_metrics.yml)."""
    from abm_warehouse.kpi_declarations import DeclarationError, check_project, load_declarations, write_generated
    from abm_warehouse.paths import project_dir

    project = project_dir()
    try:
        for path in write_generated(project) if args.write else []:
            print(f"wrote {path}")
        problems = check_project(project)
        count = len(load_declarations(project))
    except DeclarationError as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    for problem in problems:
        print(f"  {problem}")
    if problems:
        _error(f"{len(problems)} disagreement(s) with the KPI declarations")
        return EXIT_BUILD_FAILED
    print(f"{count} KPIs declared; the scorecard, kpi_targets, semantic metrics, doc blocks and catalogue agree")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """`abm validate`: run the marts' expectation suites against a built warehouse."""
    from abm_warehouse.validation.manifest import ManifestError
    from abm_warehouse.validation.runner import default_manifest, run_validation

    database = Path(args.database) if args.database else default_build_dir() / WAREHOUSE_FILE_NAME
    try:
        manifest = Path(args.manifest) if args.manifest else default_manifest()
        report_dir = Path(args.report_dir) if args.report_dir else database.parent / "validation"
        result = run_validation(database, manifest, report_dir)
    except (ManifestError, FileNotFoundError, DbtError) as error:
        _error(str(error))
        return EXIT_BUILD_FAILED
    return 0 if result.success else EXIT_BUILD_FAILED


def _print_summary(source_target: str, database: Path | None, report: Path | None) -> int:
    """Print the terminal summary of a warehouse and where its report is."""
    from abm_warehouse.report.data import load
    from abm_warehouse.report.source import ReportSourceError, open_source
    from abm_warehouse.report.summary import summary_text

    try:
        text = summary_text(load(open_source(source_target, database)))
    except ReportSourceError as error:
        _error(str(error))
        return EXIT_BUILD_FAILED
    print()
    print(text)
    if report is not None:
        print()
        print(f"KPI report (open it in a browser; it works offline): {report}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """`abm report`: write the KPI report of a built warehouse and print its summary."""
    from abm_warehouse.report.render import write_report
    from abm_warehouse.report.source import ReportSourceError, open_source

    database = Path(args.database) if args.database else published_warehouse()
    default_folder = database.parent if args.target == "duckdb" else published_warehouse().parent
    out = Path(args.out) if args.out else default_folder / REPORT_FILE_NAME
    try:
        write_report(open_source(args.target, database), out)
    except ReportSourceError as error:
        _error(str(error))
        return EXIT_BUILD_FAILED
    return _print_summary(args.target, database, out)


def cmd_demo(args: argparse.Namespace) -> int:
    """`abm demo`: build the demo extracts with docs and the KPI report, print the summary."""
    args.target = "duckdb"
    args.quiet_report = True
    code = _build(args, extracts=None, generate_docs=True)
    if code != 0:
        return code
    print(f"Docs: {project_dir() / 'target'} (serve them with `dbt docs serve --profiles-dir .`)")
    return _print_summary("duckdb", published_warehouse(), args.report_written)


def _add_build_options(parser: argparse.ArgumentParser, *, with_target: bool) -> None:
    if with_target:
        parser.add_argument("--target", choices=["duckdb", "postgres", "spark"], default="duckdb",
                            help="warehouse engine (postgres reads the ABM_PG_* variables; spark ABM_SPARK_DIR)")
    parser.add_argument("--skip-tests", action="store_true", help="dbt run instead of dbt build")
    parser.add_argument("--build-dir", help="where the build writes before it publishes (default: warehouse/build)")
    parser.add_argument("--allow-missing", action="store_true", help="accept a folder without every required extract")
    parser.add_argument("--no-report", action="store_true", help="do not write the KPI report (kpi_report.html) after the build")
    parser.add_argument("--full-refresh", action="store_true",
                        help="rebuild the event extracts in full instead of from the last build's kept state "
                             "plus the lookback window (DuckDB)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `abm` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="abm",
        description="Account-based-marketing KPI warehouse: generate, load, build and read.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    generate = commands.add_parser("generate", help="write demo extracts (CSV or Parquet)")
    generate.add_argument("--out", required=True, help="folder to write the extract files to")
    generate.add_argument("--scale", type=float, default=1.0, help="size multiplier (default 1.0)")
    generate.add_argument("--format", choices=["csv", "parquet"], default="csv")
    generate.add_argument("--seed", type=int, default=20261123, help="random seed (same seed, same data)")
    generate.set_defaults(handler=cmd_generate)

    load = commands.add_parser("load", help="check a folder of extracts and load it into the raw schema as text")
    load.add_argument("folder", help="folder of <extract>.csv / <extract>.parquet files")
    load.add_argument("--database", help="DuckDB file (default: $ABM_DUCKDB_PATH or warehouse/abm_build.duckdb)")
    load.add_argument("--target", choices=["duckdb", "postgres", "spark"], default="duckdb")
    load.add_argument("--schema", default="raw", help="raw schema (default: raw)")
    load.add_argument("--allow-missing", action="store_true", help="accept a folder without every required extract")
    load.set_defaults(handler=cmd_load)

    build = commands.add_parser("build", help="load or seed, dbt build, then publish warehouse/abm.duckdb")
    build.add_argument("--extracts", help="folder of extract files (default: the demo extracts in seeds/demo)")
    build.add_argument("--publish-to", help="published DuckDB file (default: warehouse/abm.duckdb)")
    build.add_argument("--gates", help="gate thresholds CSV (default: seeds/config/extract_gates.csv)")
    _add_build_options(build, with_target=True)
    build.set_defaults(handler=cmd_build)

    kpis = commands.add_parser("kpis", help="print extract reconciliation and the latest KPI scorecard")
    kpis.add_argument("--database", help="DuckDB file (default: warehouse/abm.duckdb)")
    kpis.set_defaults(handler=cmd_kpis)

    declarations = commands.add_parser(
        "declarations", help="check the KPI declarations (meta.kpi_mart) against the scorecard, metrics and docs")
    declarations.add_argument("--write", action="store_true", help="first regenerate the catalogue's KPI table and the generated semantic metrics")
    declarations.set_defaults(handler=cmd_declarations)

    validate = commands.add_parser("validate", help="check the marts with their expectation suites (great-expectations)")
    validate.add_argument("--database", help="DuckDB build file (default: warehouse/build/abm.duckdb; "
                          "the published file holds only marts and audit)")
    validate.add_argument("--manifest", help="dbt manifest.json (default: the last build's, else dbt parse)")
    validate.add_argument("--report-dir", help="where validation.html/.json go (default: <database folder>/validation)")
    validate.set_defaults(handler=cmd_validate)

    report = commands.add_parser("report", help="write the KPI report (one HTML file) of a built warehouse, print its summary")
    report.add_argument("--database", help="DuckDB file (default: warehouse/abm.duckdb)")
    report.add_argument("--target", choices=["duckdb", "postgres"], default="duckdb",
                        help="warehouse engine (postgres reads the ABM_PG_* variables)")
    report.add_argument("--out", help="the HTML file (default: kpi_report.html beside the DuckDB file, else warehouse/)")
    report.set_defaults(handler=cmd_report)

    demo = commands.add_parser("demo", help="build the demo with the dbt docs and the KPI report, print the KPI summary")
    _add_build_options(demo, with_target=False)
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `abm` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ContractError as error:
        _error(f"the extract contract cannot be read: {error}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
