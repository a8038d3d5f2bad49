"""SIGKILL a build at random points (during dbt, during validation, during publish): the
published warehouse is untouched (or, killed after the atomic rename, wholly the new build),
openable, and the next build in the same build directory succeeds."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from abm_warehouse.build import build_warehouse
from support.warehouse import Warehouse, gates_file_with_defaults

FIXTURE = Path(__file__).parent / "fixtures" / "extracts"
RANDOM = random.Random(int(os.environ.get("ABM_KILL_SEED", str(time.time_ns()))))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=Path(__file__).parent.parent)


def _kill_after(process: subprocess.Popen[str], marker: str, delay: float) -> list[str]:
    """Read the output until `marker` appears, wait `delay` seconds, SIGKILL; return the lines."""
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if marker in line:
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return lines


def _assert_intact(published: Path, before: str, scorecard_rows: int, new_rows: int | None = None) -> None:
    """Openable read-only; the same bytes as before, or (when allowed) the whole new build."""
    assert not published.with_name(published.name + ".wal").exists()
    rows = Warehouse(published).query("select count(*) from marts.kpi_scorecard")[0][0]
    if _sha(published) != before:
        assert new_rows is not None, "the published file changed under a killed build"
        assert rows == new_rows
    else:
        assert rows == scorecard_rows


@pytest.mark.slow
def test_killed_builds_leave_the_published_file_and_the_next_build_succeeds(
    fixture_warehouse: Warehouse, tmp_path: Path
) -> None:
    assert fixture_warehouse.published is not None
    published = tmp_path / "published" / "abm.duckdb"
    published.parent.mkdir()
    shutil.copy(fixture_warehouse.published, published)
    before = _sha(published)
    scorecard_rows = Warehouse(published).query("select count(*) from marts.kpi_scorecard")[0][0]
    gates = gates_file_with_defaults(tmp_path / "gates.csv", reject_stop_share="0.6")
    build_dir = tmp_path / "build"

    # 1. a real build, killed at a random moment of dbt
    delay = RANDOM.uniform(0.0, 8.0)
    process = _start([
        sys.executable, "-m", "abm_warehouse", "build", "--extracts", str(FIXTURE), "--skip-tests",
        "--build-dir", str(build_dir), "--publish-to", str(published), "--gates", str(gates),
    ])
    lines = _kill_after(process, "==> dbt run", delay)
    assert any("==> dbt run" in line for line in lines), "".join(lines[-20:])
    _assert_intact(published, before, scorecard_rows)

    # 2. and 3. validation and publish of a finished build, killed during validation, then
    # during publish (the same code a build runs, on a copy of the fixture build)
    finished = tmp_path / "finished"
    (finished / "target").mkdir(parents=True)
    shutil.copy(fixture_warehouse.path, finished / "abm.duckdb")
    shutil.copy(fixture_warehouse.path.parent / "target" / "manifest.json", finished / "target" / "manifest.json")
    driver = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from abm_warehouse.build import _validate_marts, publish
        build, published = Path({str(finished / 'abm.duckdb')!r}), Path({str(published)!r})
        if sys.argv[1] == "validate":
            print("==> validate", flush=True)
            _validate_marts(build, build.parent, published, print)
        print("==> publish", flush=True)
        publish(build, published, print)
        print("==> done", flush=True)
    """)
    new_rows = Warehouse(finished / "abm.duckdb").query("select count(*) from marts.kpi_scorecard")[0][0]
    for marker, delay in (("==> validate", RANDOM.uniform(0.5, 4.0)), ("==> publish", RANDOM.uniform(0.0, 0.3))):
        mode = "validate" if marker == "==> validate" else "publish"
        lines = _kill_after(_start([sys.executable, "-c", driver, mode]), marker, delay)
        if any("==> done" in line for line in lines):
            pytest.fail("the step finished before the kill; lower the delay")
        _assert_intact(published, before, scorecard_rows, new_rows if marker == "==> publish" else None)

    # 4. the next real build in the same build directory succeeds and publishes
    result = build_warehouse(extracts=FIXTURE, build_dir=build_dir, publish_to=published, skip_tests=True,
                             gates_file=gates, echo=lambda _: None)
    assert result.published == published
    assert Warehouse(published).query("select count(*) from marts.kpi_scorecard")[0][0] == scorecard_rows
    assert list(published.parent.glob(".abm.duckdb.publishing-*")) == []
