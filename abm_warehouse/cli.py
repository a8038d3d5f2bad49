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

from abm_warehouse.build import BuildError, build_warehouse, format_durations
from abm_warehouse.contract import ContractError
from abm_warehouse.dbt import DbtError
from abm_warehouse.kpis import KpiError, summarize
from abm_warehouse.loader import LoadError, load_folder
from abm_warehouse.paths import default_build_dir, project_dir, published_warehouse

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
        load_folder(
            Path(args.folder),
            target=args.target,
            database=database if args.target == "duckdb" else None,
            schema=args.schema,
            allow_missing=args.allow_missing,
        )
    except LoadError as error:
        return _report_load_error(error)
    return 0


def _build(args: argparse.Namespace, *, extracts: Path | None, generate_docs: bool = False) -> int:
    published = Path(args.publish_to) if getattr(args, "publish_to", None) else published_warehouse()
    try:
        result = build_warehouse(
            extracts=extracts,
            target=args.target,
            skip_tests=args.skip_tests,
            build_dir=Path(args.build_dir) if args.build_dir else default_build_dir(),
            publish_to=published if args.target == "duckdb" else None,
            allow_missing=args.allow_missing,
            generate_docs=generate_docs,
        )
    except BuildError as error:
        cause = error.__cause__
        if isinstance(cause, LoadError):
            _report_load_error(cause)
        elif isinstance(cause, DbtError):
            _error(f"{cause} (see the dbt output above)")
        else:
            _error(str(cause))
        untouched = (
            f"The published warehouse {published} was left untouched."
            if args.target == "duckdb"
            else "The published PostgreSQL schemas were left untouched." if args.target == "postgres"
            else "The Spark catalog may hold a partial build."
        )
        print(f"error: build failed at step '{error.step}'. {untouched}", file=sys.stderr)
        return EXIT_BAD_INPUT if isinstance(cause, LoadError) else EXIT_BUILD_FAILED
    print("Build finished:")
    print(format_durations(result))
    if result.published:
        print(f"Published {result.published}")
    return 0


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


def cmd_validate(args: argparse.Namespace) -> int:
    """`abm validate`: run the marts' expectation suites against a built warehouse."""
    from abm_warehouse.validation.manifest import ManifestError
    from abm_warehouse.validation.runner import default_manifest, run_validation

    database = Path(args.database) if args.database else published_warehouse()
    try:
        manifest = Path(args.manifest) if args.manifest else default_manifest()
        report_dir = Path(args.report_dir) if args.report_dir else database.parent / "validation"
        result = run_validation(database, manifest, report_dir)
    except (ManifestError, FileNotFoundError, DbtError) as error:
        _error(str(error))
        return EXIT_BUILD_FAILED
    return 0 if result.success else EXIT_BUILD_FAILED


def cmd_demo(args: argparse.Namespace) -> int:
    """`abm demo`: build the demo extracts, generate the docs, print the KPIs."""
    args.target = "duckdb"
    code = _build(args, extracts=None, generate_docs=True)
    if code != 0:
        return code
    print(f"Docs: {project_dir() / 'target'} (serve them with `dbt docs serve --profiles-dir .`)")
    args.database = None
    return cmd_kpis(args)


def _add_build_options(parser: argparse.ArgumentParser, *, with_target: bool) -> None:
    if with_target:
        parser.add_argument("--target", choices=["duckdb", "postgres", "spark"], default="duckdb",
                            help="warehouse engine (postgres reads the ABM_PG_* variables; spark ABM_SPARK_DIR)")
    parser.add_argument("--skip-tests", action="store_true", help="dbt run instead of dbt build")
    parser.add_argument("--build-dir", help="where the build writes before it publishes (default: warehouse/build)")
    parser.add_argument("--allow-missing", action="store_true", help="accept a folder without every required extract")


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
    _add_build_options(build, with_target=True)
    build.set_defaults(handler=cmd_build)

    kpis = commands.add_parser("kpis", help="print extract reconciliation and the latest KPI scorecard")
    kpis.add_argument("--database", help="DuckDB file (default: warehouse/abm.duckdb)")
    kpis.set_defaults(handler=cmd_kpis)

    validate = commands.add_parser("validate", help="check the marts with their expectation suites (great-expectations)")
    validate.add_argument("--database", help="DuckDB file (default: warehouse/abm.duckdb)")
    validate.add_argument("--manifest", help="dbt manifest.json (default: the last build's, else dbt parse)")
    validate.add_argument("--report-dir", help="where validation.html/.json go (default: <database folder>/validation)")
    validate.set_defaults(handler=cmd_validate)

    demo = commands.add_parser("demo", help="build the demo, generate the dbt docs, print the KPIs")
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
