"""What a build shows in the terminal: one progress line or bar per step, the full output in a
log file.

The build reports its steps through its `echo` callable with two marker lines, `==> <step>`
when a step starts and `==> <step>: done in <seconds> s` when it ends (see
`abm_warehouse.build`); dbt's output arrives line by line through `abm_warehouse.dbt.dbt_output_to`.
Everything goes to the log file. The terminal shows notes, warnings, gate stops and the
freshness counts as they come, and:
- in an interactive terminal, a rich progress display: a bar per step, for dbt steps the nodes
  done of the total (dbt's `N of M OK|PASS|ERROR|FAIL|SKIP|WARN ...` lines), with the elapsed time
  (dbt 1.11 overstates M when unit tests run; a finished step shows the nodes it ran);
- otherwise (CI logs, pipes) plain lines: one when a step starts, a few progress lines for
  dbt steps (each quarter of the nodes), one when it ends.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

STEP_DONE = re.compile(r"^==> (?P<name>.+): done in (?P<seconds>[0-9.]+) s$")
STEP_START = re.compile(r"^==> (?P<name>.+)$")
# dbt's result lines: `12:00:01  12 of 480 OK created sql table model marts.kpi_win_rate ... [OK in 0.1s]`
DBT_RESULT = re.compile(r"^(?:\S+\s+)?(?P<done>\d+) of (?P<total>\d+) (?P<status>OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
# Lines a user must see even in the short display: notes and warnings of the loader, the gates'
# warnings and stops, the freshness counts.
NOTICE = re.compile(r"^\s*(note|warning|warn|stop|freshness):")
MILESTONES = (0.25, 0.5, 0.75)
ANSI_CODES = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class _Step:
    name: str
    started: float
    done: int = 0
    total: int | None = None
    failed: int = 0
    milestones: list[float] = field(default_factory=lambda: list(MILESTONES))
    task: Any = None


class BuildConsole:
    """A context manager that shows a build's progress and writes its full output to `log_path`."""

    def __init__(self, log_path: Path, stream: IO[str] | None = None, interactive: bool | None = None) -> None:
        self.log_path = log_path
        self.stream = stream or sys.stdout
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self._log: IO[str] | None = None
        self._progress: Any = None
        self._step: _Step | None = None
        self.failed_step: str | None = None

    def __enter__(self) -> BuildConsole:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w", encoding="utf-8")
        if self.interactive:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(finished_text=" "),
                TextColumn("{task.description}"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
            )
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._step is not None:  # the step that was running when the build stopped
            self._finish(self._step, failed=True)
        if self._progress is not None:
            self._progress.stop()
        if self._log is not None:
            self._log.close()

    # --- what the build sends ----------------------------------------------------------------
    def echo(self, line: str) -> None:
        """A line of the build (step markers, loader and validation output)."""
        if "\n" in line.rstrip("\n"):  # a report of several lines (the gates' table)
            for part in line.rstrip("\n").splitlines():
                self.echo(part)
            return
        self._write_log(line)
        done = STEP_DONE.match(line)
        if done and self._step is not None and done["name"] == self._step.name:
            self._finish(self._step, failed=False, seconds=float(done["seconds"]))
            return
        if NOTICE.match(line):
            self._print(line.rstrip())
            return
        start = STEP_START.match(line)
        if start and not done:
            if self._step is not None:
                self._finish(self._step, failed=True)
            self._start(start["name"])

    def dbt_line(self, line: str) -> None:
        """A line of dbt's output."""
        line = ANSI_CODES.sub("", line)
        self._write_log(line)
        result = DBT_RESULT.match(line)
        if result is None or self._step is None or "hook:" in line:
            return
        step = self._step
        step.total = int(result["total"])
        step.done += 1
        if result["status"] in ("ERROR", "FAIL"):
            step.failed += 1
        self._advance(step)

    # --- display -------------------------------------------------------------------------------
    def _write_log(self, line: str) -> None:
        if self._log is not None:
            self._log.write(line.rstrip("\n") + "\n")
            self._log.flush()

    def _print(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, highlight=False, markup=False)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _start(self, name: str) -> None:
        step = _Step(name=name, started=time.monotonic())
        self._step = step
        if self._progress is not None:
            step.task = self._progress.add_task(name, total=None)
        else:
            self._print(f"==> {name}")

    def _advance(self, step: _Step) -> None:
        failed = f" ({step.failed} failed)" if step.failed else ""
        if self._progress is not None:
            self._progress.update(step.task, total=step.total, completed=step.done, description=f"{step.name}{failed}")
            return
        passed = False
        while step.total and step.milestones and step.done >= step.milestones[0] * step.total:
            step.milestones.pop(0)
            passed = True
        if passed:  # one line however many milestones this node passed
            self._print(f"    {step.done} of {step.total} dbt nodes done{failed}")

    def _finish(self, step: _Step, *, failed: bool, seconds: float | None = None) -> None:
        elapsed = seconds if seconds is not None else time.monotonic() - step.started
        if not failed and step.total and step.done < step.total:
            # dbt's `N of M` overstates M when unit tests run (M counts them several times):
            # a step that finished ran all its nodes.
            step.total = step.done
        self._step = None
        if failed:
            self.failed_step = step.name
        mark = "FAILED" if failed else "done"
        if self._progress is not None:
            total = step.total or 1
            self._progress.update(
                step.task, total=total, completed=step.done if step.total else (0 if failed else 1),
                description=f"{'✗' if failed else '✓'} {step.name}{' FAILED' if failed else ''}",
            )
            self._progress.stop_task(step.task)
        else:
            nodes = f", {step.done} of {step.total} dbt nodes" if step.total else ""
            self._print(f"==> {step.name}: {mark} in {elapsed:.1f} s{nodes}")


def tail(path: Path, lines: int = 20) -> list[str]:
    """The last `lines` lines of a text file (empty when it does not exist)."""
    if not path.is_file():
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]


def failing_nodes(run_results: Path) -> list[str]:
    """`<status>: <node>: <message>` of each failed or erroring node of dbt's last run_results.json."""
    import json

    if not run_results.is_file():
        return []
    try:
        results = json.loads(run_results.read_text()).get("results", [])
    except (OSError, ValueError):
        return []
    lines = []
    for result in results:
        if result.get("status") in ("error", "fail", "runtime error"):
            message = " ".join(str(result.get("message") or "").split())[:200]
            lines.append(f"{result['status']}: {result.get('unique_id')}: {message}")
    return lines
