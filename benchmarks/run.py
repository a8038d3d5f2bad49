"""Benchmark: generate extracts at several scales, build the warehouse, record time and memory.

    .venv/bin/python benchmarks/run.py --scales 1 5 --format parquet

For each scale it writes the demo extracts to a scratch folder (`abm generate`), then runs the
scheduled build on them (`abm build --extracts`, DuckDB, every data test) into a scratch build
folder, and records the wall time of each step, the peak memory (max RSS) of the build's
processes, the rows loaded and the size of the DuckDB file. Results are appended as JSON lines
to benchmarks/results.jsonl and printed as a table; benchmarks/RESULTS.md holds the figures we
measured, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ABM = [sys.executable, "-m", "abm_warehouse"]


def _children_max_rss_mib() -> float:
    """Peak resident memory of any finished child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _timed(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_DIR, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def run_scale(scale: float, fmt: str, scratch: Path) -> dict[str, object]:
    """Generate and build one scale; return its measurements."""
    extracts = scratch / f"extracts_{scale}"
    build_dir = scratch / f"build_{scale}"
    generate_seconds = _timed(ABM + ["generate", "--out", str(extracts), "--scale", str(scale), "--format", fmt])
    rows = 0
    if fmt == "csv":
        rows = sum(max(0, sum(1 for _ in path.open(encoding="utf-8")) - 1) for path in extracts.glob("*.csv"))
    else:
        import pyarrow.parquet as pq

        rows = sum(pq.ParquetFile(path).metadata.num_rows for path in extracts.glob("*.parquet"))
    database = scratch / f"published_{scale}" / "abm.duckdb"
    build_seconds = _timed(
        ABM + ["build", "--extracts", str(extracts), "--build-dir", str(build_dir), "--publish-to", str(database)]
    )
    return {
        "scale": scale,
        "format": fmt,
        "extract_rows": rows,
        "generate_seconds": round(generate_seconds, 1),
        "build_seconds": round(build_seconds, 1),
        "peak_rss_mib": round(_children_max_rss_mib(), 0),
        "duckdb_file_mib": round(database.stat().st_size / 2**20, 1) if database.exists() else None,
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "cores": __import__("os").cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="abm-bench-"))
    results_file = PROJECT_DIR / "benchmarks" / "results.jsonl"
    try:
        for scale in args.scales:
            print(f"scale {scale}: generating and building ...", flush=True)
            result = run_scale(scale, args.format, scratch)
            print(json.dumps(result), flush=True)
            with results_file.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(result) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
