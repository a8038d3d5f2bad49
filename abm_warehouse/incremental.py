"""Incremental scheduled builds on DuckDB: keep the build's state, work on a copy.

The private build file (`<build dir>/abm.duckdb`) is the KEPT STATE: the raw, staging,
intermediate, marts and audit schemas of the last build that passed. A run never writes it:

1. copy the kept state to `<build dir>/next/abm.duckdb` (the WORK COPY); with no kept state,
   with `--full-refresh`, or when the kept state has a write-ahead log (a crash), start empty;
2. load, build, test, gate, validate and publish from the work copy, exactly as a full build;
   the incremental models (web events, email events, intent signals; see
   macros/incremental/lookback_window.sql) parse only their lookback window;
3. only when every step passed: rename the work copy over the kept state and write its
   fingerprint. A failed run deletes the work copy: the kept state and the published warehouse
   are left untouched, and the next run starts from the last good state again.

A run is FULL (dbt `--full-refresh`: every incremental model rebuilt from the whole extract)
when asked, when there is no kept state, or when the kept state was built from something else:
another extract folder, other vars, another target or another version of the project's code
(models, macros, seeds, dbt_project.yml). Each run's mode is in the run history (`build_mode`).

An incremental run reads each event extract in full and expects it to hold the whole history
(a connector export rewritten or appended daily): rows older than the lookback window are not
parsed again. A folder whose event extract holds FEWER rows than the kept state read (only the
newest files, or a truncated export) is refused with a message; build it with --full-refresh.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abm_warehouse.paths import WAREHOUSE_FILE_NAME, project_dir

Echo = Callable[[str], None]

WORK_DIR_NAME = "next"
FINGERPRINT_SUFFIX = ".state.json"
INCREMENTAL = "incremental"
FULL = "full"

INCREMENTAL_EXTRACTS: dict[str, str] = {
    "web__event": "base_web__events",
    "marketing__email_event": "base_marketing__email_events",
    "intent__signal": "base_intent__signals",
}
"""The extracts read incrementally, and the base model that holds one row per raw row of each."""

_CODE_PATHS = ("models", "macros", "seeds", "dbt_project.yml")


class IncrementalRefused(Exception):
    """An incremental run cannot continue safely; the message says what to do."""


@dataclass
class WorkCopy:
    """Where a run builds, and whether it starts from the kept state."""

    kept: Path
    work: Path
    mode: str
    reason: str


def kept_state(build_dir: Path) -> Path:
    """The kept state of a build directory (the last build that passed)."""
    return build_dir / WAREHOUSE_FILE_NAME


def _fingerprint_file(kept: Path) -> Path:
    return kept.with_name(kept.name + FINGERPRINT_SUFFIX)


def code_version(root: Path | None = None) -> str:
    """A hash of the project's models, macros, seeds and dbt_project.yml (paths and contents)."""
    root = root or project_dir()
    digest = hashlib.sha256()
    for entry in _CODE_PATHS:
        path = root / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(str(file.relative_to(root)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def fingerprint(*, target: str, extracts: Path | None, variables: Mapping[str, Any]) -> dict[str, Any]:
    """What the kept state was built from: a change of any of it forces a full refresh."""
    return {
        "target": target,
        "extracts": str(extracts.resolve()) if extracts is not None else "demo",
        "vars": json.loads(json.dumps(dict(variables), sort_keys=True, default=str)),
        "code": code_version(),
    }


def prepare(build_dir: Path, *, full_refresh: bool, echo: Echo = print) -> WorkCopy:
    """Create the work copy of a run: the kept state copied, or an empty start.

    Returns:
        The work copy; `mode` is provisional until `decide_mode` compares fingerprints.
    """
    kept = kept_state(build_dir)
    work = build_dir / WORK_DIR_NAME / WAREHOUSE_FILE_NAME
    discard(work)
    work.parent.mkdir(parents=True, exist_ok=True)
    if full_refresh:
        return WorkCopy(kept, work, FULL, "--full-refresh was asked")
    if not kept.exists() or not _fingerprint_file(kept).exists():
        return WorkCopy(kept, work, FULL, "no kept state of an earlier build")
    if kept.with_name(kept.name + ".wal").exists():
        echo(f"note: {kept} has a write-ahead log (a process stopped while writing it): full refresh")
        return WorkCopy(kept, work, FULL, "the kept state was not closed cleanly")
    shutil.copyfile(kept, work)
    return WorkCopy(kept, work, INCREMENTAL, "")


def decide_mode(copy: WorkCopy, current: Mapping[str, Any], echo: Echo = print) -> str:
    """Compare the kept state's fingerprint with this run's: a difference makes the run full.

    Returns:
        `incremental` or `full` (also stored in `copy.mode`); the reason is echoed.
    """
    if copy.mode == INCREMENTAL:
        kept = json.loads(_fingerprint_file(copy.kept).read_text(encoding="utf-8"))
        changed = [name for name in ("target", "extracts", "vars", "code") if kept.get(name) != current.get(name)]
        if changed:
            labels = {"target": "the target", "extracts": "the extract folder", "vars": "the vars",
                      "code": "the project's models, macros or seeds"}
            copy.mode = FULL
            copy.reason = " and ".join(labels[name] for name in changed) + " changed since the kept build"
    echo(f"build mode: {copy.mode}" + (f" ({copy.reason})" if copy.reason else " (kept state plus the lookback window)"))
    return copy.mode


def refuse_shrunk_extracts(work: Path) -> None:
    """Raise IncrementalRefused when an incremental extract holds fewer raw rows than its base
    model holds from earlier runs (the folder lacks part of the history)."""
    import duckdb

    problems = []
    with duckdb.connect(str(work), read_only=True) as connection:
        for extract, base in INCREMENTAL_EXTRACTS.items():
            try:
                read = connection.execute(f'select count(*) from raw."{extract}"').fetchone()[0]
                held = connection.execute(f'select count(*) from staging."{base}"').fetchone()[0]
            except duckdb.CatalogException:  # not loaded (a system switched off) or never built
                continue
            if read < held:
                problems.append(f"{extract} has {read} rows, fewer than the {held} the last build read")
    if problems:
        raise IncrementalRefused(
            "; ".join(problems) + ". An incremental build reads the whole history of each event "
            "extract: put the complete extract in the folder, or rebuild with `abm build --full-refresh`."
        )


def keep(copy: WorkCopy, current: Mapping[str, Any]) -> Path:
    """After a run that passed: the work copy becomes the kept state (an atomic rename), then
    its fingerprint is written. Returns the kept state's path."""
    import duckdb

    with duckdb.connect(str(copy.work)) as connection:
        connection.execute("checkpoint")
    fingerprint_file = _fingerprint_file(copy.kept)
    fingerprint_file.unlink(missing_ok=True)  # never a fingerprint beside a state it does not describe
    copy.kept.with_name(copy.kept.name + ".wal").unlink(missing_ok=True)
    copy.work.replace(copy.kept)
    written = fingerprint_file.with_name(fingerprint_file.name + ".tmp")
    written.write_text(json.dumps(dict(current), indent=2, sort_keys=True), encoding="utf-8")
    written.replace(fingerprint_file)
    return copy.kept


def discard(work: Path) -> None:
    """Delete a work copy (and its write-ahead log)."""
    for candidate in (work, work.with_name(work.name + ".wal")):
        candidate.unlink(missing_ok=True)
