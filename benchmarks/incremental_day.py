"""Benchmark: one incremental day against a full build of the same extracts.

    .venv/bin/python benchmarks/incremental_day.py --extracts <folder written by abm generate> --work <scratch>

1. copies the extracts into `<work>/extracts` and builds them (`abm build`, a full build: no
   kept state yet) into `<work>/build`;
2. appends "the next day" to the web events, email events and intent signals: every row of
   their latest day again, one day later and with new ids (the folder keeps the whole
   history, as a scheduled build's folder does);
3. builds again (incremental: the kept state plus the lookback window) and times it;
4. builds the same folder with --full-refresh into another build folder and times it.
Each build runs every data test, the gates, validation and the publish. Prints the wall time
of each build and of its steps.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import duckdb

from abm_warehouse.build import build_warehouse

NEXT_DAY = {
    # extract: (id column or None, event column, is the event column a date)
    "web__event": ("event_id", "event_at", False),
    "marketing__email_event": ("id", "created_at", False),
    "intent__signal": (None, "signal_date", True),
}


def append_next_day(folder: Path) -> dict[str, int]:
    """Append to each event extract its latest day's rows, moved one day later, with new ids."""
    added: dict[str, int] = {}
    with duckdb.connect() as connection:
        for extract, (id_column, event_column, is_date) in NEXT_DAY.items():
            path = next(folder.glob(f"{extract}.*"))
            reader = "read_parquet" if path.suffix == ".parquet" else "read_csv_auto"
            source = f"{reader}('{path.as_posix()}', all_varchar=true)" if reader == "read_csv_auto" else f"{reader}('{path.as_posix()}')"
            connection.execute(f"create or replace table history as select * from {source}")
            kind = "date" if is_date else "timestamp"
            shifted = f"cast(cast(try_cast({event_column} as {kind}) + interval 1 day as {kind}) as varchar)"
            latest_day = f"(select max(cast(try_cast({event_column} as {kind}) as date)) from history)"
            replace = f"{shifted} as {event_column}"
            if id_column:
                replace += f", {id_column} || '_next' as {id_column}"
            connection.execute(
                f"create or replace table next_day as select * replace ({replace}) from history "
                f"where cast(try_cast({event_column} as {kind}) as date) = {latest_day}"
            )
            added[extract] = connection.execute("select count(*) from next_day").fetchone()[0]
            out = path.with_name(path.stem + ".next" + path.suffix)
            fmt = "(format parquet)" if path.suffix == ".parquet" else "(header, format csv)"
            connection.execute(f"copy (select * from history union all by name select * from next_day) to '{out.as_posix()}' {fmt}")
            out.replace(path)
    return added


def _timed_build(**options: object) -> tuple[float, list[tuple[str, float]], str]:
    started = time.monotonic()
    result = build_warehouse(echo=lambda _line: None, **options)
    return time.monotonic() - started, result.durations, result.run.build_mode


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extracts", required=True, type=Path)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--skip-first", action="store_true", help="the work folder already holds day 1's build")
    args = parser.parse_args()
    folder = args.work / "extracts"
    if not args.skip_first:
        shutil.rmtree(args.work, ignore_errors=True)
        shutil.copytree(args.extracts, folder)
        seconds, _, mode = _timed_build(extracts=folder, build_dir=args.work / "build",
                                        publish_to=args.work / "published" / "abm.duckdb")
        print(f"day 1 ({mode}): {seconds:.1f} s", flush=True)
    print(f"appended: {append_next_day(folder)}", flush=True)
    for label, build_dir, published, full in (
        ("next day, incremental", args.work / "build", args.work / "published" / "abm.duckdb", False),
        ("next day, --full-refresh", args.work / "full_build", args.work / "full_published" / "abm.duckdb", True),
    ):
        seconds, durations, mode = _timed_build(extracts=folder, build_dir=build_dir, publish_to=published,
                                                full_refresh=full)
        print(f"{label} ({mode}): {seconds:.1f} s", flush=True)
        for name, step_seconds in durations:
            print(f"    {name}: {step_seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
