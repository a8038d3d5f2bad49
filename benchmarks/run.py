"""Benchmark: generate extracts at several scales, build the warehouse, record time and memory.

    .venv/bin/python benchmarks/run.py --scales 1 20 --format parquet

For each scale it
1. writes the demo extracts to a scratch folder (`abm generate`), timing it and taking the
   generator's peak resident memory;
2. runs the scheduled build on them (`abm build --extracts`, DuckDB, every data test) into a
   scratch build folder: wall time and peak memory of the build and its dbt subprocess;
3. back to back, on the raw extracts and on the build file the build left: the hand-written
   DuckDB script of the headline KPIs (`benchmarks/handwritten_kpis.py`, given the build's
   as-of date, first event date and event-date horizon), then `dbt run --full-refresh`
   (models only, same vars as the build), so that the two are timed under the same load;
4. reads dbt's `run_results.json` of the build and of the `dbt run` and keeps the slowest
   nodes.

Results are appended as JSON lines to benchmarks/results.jsonl (not committed) and the slowest
nodes printed; benchmarks/RESULTS.md holds the figures we measured, with the machine they were
measured on. `--extracts-dir` reuses extracts generated earlier (the folder of one scale),
`--skip-build` times only the generator, `--reuse` (with `--scratch`) takes the extracts and build
of an earlier run in that folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
ABM = [sys.executable, "-m", "abm_warehouse"]
SLOWEST_NODES = 10


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run `command` in the project folder; return (wall seconds, peak RSS in MiB).

    The peak is the largest resident set of the process and of the children it waited for
    (`wait4`), so the dbt subprocess of a build counts; Linux reports KiB.
    """
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return elapsed, usage.ru_maxrss / 1024


def count_rows(extracts: Path, fmt: str) -> dict[str, int]:
    """Rows per extract file (header excluded)."""
    if fmt == "csv":
        return {p.stem: max(0, sum(1 for _ in p.open(encoding="utf-8")) - 1) for p in sorted(extracts.glob("*.csv"))}
    import pyarrow.parquet as pq

    return {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(extracts.glob("*.parquet"))}


def slowest_nodes(run_results: Path, limit: int = SLOWEST_NODES) -> list[dict[str, Any]]:
    """The `limit` slowest nodes of a dbt run (unique id, seconds, status)."""
    if not run_results.exists():
        return []
    results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    nodes = sorted(results, key=lambda r: r.get("execution_time") or 0.0, reverse=True)[:limit]
    return [{"node": r["unique_id"], "seconds": round(r.get("execution_time") or 0.0, 2), "status": r["status"]}
            for r in nodes]


def node_seconds(run_results: Path) -> dict[str, float]:
    """Total node time of a dbt run, split into models and tests."""
    if not run_results.exists():
        return {}
    totals = {"models": 0.0, "tests": 0.0, "other": 0.0}
    for r in json.loads(run_results.read_text(encoding="utf-8"))["results"]:
        kind = r["unique_id"].split(".")[0]
        key = "models" if kind == "model" else "tests" if kind in ("test", "unit_test") else "other"
        totals[key] += r.get("execution_time") or 0.0
    return {k: round(v, 1) for k, v in totals.items()}


def dbt_run_environment(build_database: Path, target_dir: Path) -> dict[str, str]:
    """The environment of `dbt run` on a build file the scheduled build left behind."""
    from abm_warehouse.dbt import dbt_environment

    return dict(dbt_environment(target="duckdb", duckdb_path=build_database, target_path=target_dir,
                                log_path=target_dir / "logs"))


def build_dates(build_database: Path) -> list[str]:
    """The hand-written script's date arguments, read from a build file: its as-of date, first
    event date and event-date horizon (the connection is closed before dbt opens the file)."""
    import duckdb

    with duckdb.connect(str(build_database), read_only=True) as connection:
        as_of_date, first_event_date = connection.execute(
            "select as_of_date, first_event_date from intermediate.int_as_of_date").fetchone()
        (horizon_date,) = connection.execute(
            "select horizon_date from staging.base_extracts__event_date_horizon").fetchone()
    return ["--as-of-date", str(as_of_date), "--first-event-date", str(first_event_date),
            "--event-horizon", str(horizon_date)]


def run_scale(scale: float, fmt: str, scratch: Path, extracts: Path | None, skip_build: bool,
              reuse: bool = False) -> dict[str, Any]:
    """Generate and build one scale; return its measurements (`reuse`: take the extracts and
    build of an earlier run in the same scratch folder)."""
    from abm_warehouse.dbt import _DBT_ENTRY_POINT
    from abm_warehouse.extract_vars import user_vars, vars_args
    from abm_warehouse.paths import WAREHOUSE_FILE_NAME

    result: dict[str, Any] = {"scale": scale, "format": fmt, "machine": f"{platform.machine()}, "
                              f"{platform.python_version()}", "cores": os.cpu_count(),
                              "load_average_at_start": round(os.getloadavg()[0], 1)}
    build_dir = scratch / f"build_{scale:g}"
    measured = build_dir / "benchmark_build.json"
    if reuse and measured.exists():
        # a rerun after a later step failed: the extracts and the build are there already
        result.update(json.loads(measured.read_text(encoding="utf-8")))
        extracts = Path(result["extracts"])
    elif extracts is None:
        extracts = scratch / f"extracts_{scale:g}"
        seconds, rss = timed(ABM + ["generate", "--out", str(extracts), "--scale", str(scale), "--format", fmt])
        result.update(generate_seconds=round(seconds, 1), generate_peak_rss_mib=round(rss))
    rows = count_rows(extracts, fmt)
    result.update(extract_rows=sum(rows.values()), web_events=rows.get("web__event"), extracts=str(extracts))
    if skip_build:
        return result

    if "build_seconds" not in result:
        published = scratch / f"published_{scale:g}" / WAREHOUSE_FILE_NAME
        seconds, rss = timed(ABM + ["build", "--extracts", str(extracts), "--build-dir", str(build_dir),
                                    "--publish-to", str(published)])
        result.update(build_seconds=round(seconds, 1), build_peak_rss_mib=round(rss),
                      duckdb_file_mib=round(published.stat().st_size / 2**20, 1) if published.exists() else None,
                      build_node_seconds=node_seconds(build_dir / "target" / "run_results.json"),
                      build_slowest_nodes=slowest_nodes(build_dir / "target" / "run_results.json"))
        measured.write_text(json.dumps(result), encoding="utf-8")

    # Back to back, so that both see the same load: the hand-written script, then dbt run.
    # The script gets the build's as-of date, first event date and event-date horizon, so that
    # it computes the marts' numbers.
    build_database = build_dir / WAREHOUSE_FILE_NAME
    seconds, rss = timed([sys.executable, str(PROJECT_DIR / "benchmarks" / "handwritten_kpis.py"),
                          "--extracts", str(extracts), "--config", str(PROJECT_DIR / "seeds" / "config"),
                          *build_dates(build_database)])
    result.update(handwritten_seconds=round(seconds, 1), handwritten_peak_rss_mib=round(rss))
    run_target = scratch / f"dbt_run_{scale:g}"
    # --full-refresh: incremental models recompute everything, as the script does
    seconds, rss = timed([sys.executable, "-c", _DBT_ENTRY_POINT, "run", "--full-refresh",
                          *vars_args(user_vars("raw"))],
                         env=dbt_run_environment(build_database, run_target))
    result.update(dbt_run_seconds=round(seconds, 1), dbt_run_peak_rss_mib=round(rss),
                  dbt_run_node_seconds=node_seconds(run_target / "run_results.json"),
                  dbt_run_slowest_nodes=slowest_nodes(run_target / "run_results.json"))
    result["dbt_run_vs_handwritten"] = round(result["dbt_run_seconds"] / result["handwritten_seconds"], 1)
    result["build_vs_handwritten"] = round(result["build_seconds"] / result["handwritten_seconds"], 1)
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 20.0])
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument("--extracts-dir", type=Path, default=None,
                        help="extracts generated earlier (one scale): skip the generator")
    parser.add_argument("--scratch", type=Path, default=None, help="scratch folder (default: a new temp folder)")
    parser.add_argument("--skip-build", action="store_true", help="only generate (generator time and memory)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the extracts and build an earlier run left in --scratch")
    args = parser.parse_args(argv)

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="abm-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    results_file = PROJECT_DIR / "benchmarks" / "results.jsonl"
    try:
        for scale in args.scales:
            print(f"scale {scale:g}: generating and building in {scratch} ...", flush=True)
            result = run_scale(scale, args.format, scratch, args.extracts_dir, args.skip_build, args.reuse)
            print(json.dumps(result, indent=1), flush=True)
            with results_file.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(result) + "\n")
    finally:
        if not args.keep and args.scratch is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
