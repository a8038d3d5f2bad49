"""Run dbt as a subprocess of the project, with the environment profiles.yml reads.

dbt runs in its own process (its global state and logging do not leak into the caller), from
the project directory, with `DBT_PROFILES_DIR` set to the project so the checked-in
profiles.yml is used. Each build passes its own target and log paths, so a test suite and a
user's build can run side by side without sharing `target/`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from abm_warehouse.paths import project_dir

# The dbt of this interpreter's environment (not whatever `dbt` is first on PATH).
_DBT_ENTRY_POINT = "import sys; from dbt.cli.main import cli; sys.argv[0] = 'dbt'; cli()"


class DbtError(Exception):
    """A dbt command exited with a non-zero code; `tail` holds its last lines of output."""

    def __init__(self, command: Sequence[str], returncode: int, tail: list[str]) -> None:
        self.command = list(command)
        self.returncode = returncode
        self.tail = tail
        super().__init__(f"`dbt {' '.join(command)}` failed with exit code {returncode}")


def dbt_environment(
    *,
    target: str = "duckdb",
    duckdb_path: Path | None = None,
    target_path: Path | None = None,
    log_path: Path | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment of a dbt subprocess: os.environ plus the project's settings.

    Args:
        target: the profiles.yml output (`duckdb`, `postgres`, `spark`): ABM_TARGET.
        duckdb_path: the DuckDB file to build (ABM_DUCKDB_PATH), made absolute.
        target_path: dbt's target directory (DBT_TARGET_PATH).
        log_path: dbt's log directory (DBT_LOG_PATH).
        extra: more variables, e.g. ABM_PG_*.
    """
    environment = dict(os.environ)
    environment["ABM_TARGET"] = target
    environment["DBT_PROFILES_DIR"] = str(project_dir())
    environment["DBT_PROJECT_DIR"] = str(project_dir())
    environment.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    if not sys.stdout.isatty():
        # Output is piped (CI logs, tests): no terminal colour codes.
        environment.setdefault("DBT_USE_COLORS", "false")
    if duckdb_path is not None:
        environment["ABM_DUCKDB_PATH"] = str(duckdb_path.resolve())
    if target_path is not None:
        environment["DBT_TARGET_PATH"] = str(target_path.resolve())
    if log_path is not None:
        environment["DBT_LOG_PATH"] = str(log_path.resolve())
    environment.update(extra or {})
    return environment


def _die_with_the_parent() -> None:
    """In the dbt child, before it starts (Linux): the kernel kills it when its parent dies.

    A build killed outright (SIGKILL, out of memory, a stopped container) would otherwise leave
    dbt running on, holding the DuckDB file's lock and writing to it while the next build starts.
    """
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def run_dbt(args: Sequence[str], environment: Mapping[str, str], *, tail_lines: int = 30) -> None:
    """Run `dbt <args>` from the project directory, streaming its output line by line.

    Args:
        args: the dbt command and its options, e.g. ``["build", "--fail-fast"]``.
        environment: the full environment (see `dbt_environment`).
        tail_lines: how many of the last output lines a failure keeps.

    Raises:
        DbtError: dbt exited with a non-zero code.
    """
    command = [sys.executable, "-c", _DBT_ENTRY_POINT, *args]
    tail: deque[str] = deque(maxlen=tail_lines)
    with subprocess.Popen(
        command,
        cwd=project_dir(),
        env=dict(environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        preexec_fn=_die_with_the_parent,
    ) as process:
        assert process.stdout is not None
        sink = _output_sink.get()
        for line in process.stdout:
            if sink is None:
                sys.stdout.write(line)
                sys.stdout.flush()
            else:
                sink(line.rstrip("\n"))
            tail.append(line.rstrip("\n"))
        returncode = process.wait()
    if returncode != 0:
        raise DbtError(args, returncode, list(tail))


_output_sink: ContextVar[Callable[[str], None] | None] = ContextVar("abm_dbt_output_sink", default=None)


@contextmanager
def dbt_output_to(sink: Callable[[str], None]) -> Iterator[None]:
    """Send the output lines of every `run_dbt` inside the block to `sink` instead of stdout
    (the terminal's progress display writes them to the build log)."""
    token = _output_sink.set(sink)
    try:
        yield
    finally:
        _output_sink.reset(token)
