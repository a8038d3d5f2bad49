"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary directory.

The cluster is created with the installed server binaries (/usr/lib/postgresql/<version>/bin),
listens on a free loopback port with its socket in the temporary directory, trusts local
connections, and is stopped and deleted at the end. PostgreSQL refuses to run as root, so as
root every server command runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DATABASE = "abm"


@dataclass(frozen=True)
class PostgresServer:
    """Connection settings of a running server."""

    host: str
    port: int
    user: str
    database: str

    def env(self) -> dict[str, str]:
        """The ABM_PG_* variables that profiles.yml and the loader read."""
        return {
            "ABM_PG_HOST": self.host,
            "ABM_PG_PORT": str(self.port),
            "ABM_PG_USER": self.user,
            "ABM_PG_PASSWORD": "",
            "ABM_PG_DATABASE": self.database,
        }


def find_server_binaries() -> Path | None:
    """The bin directory of the newest installed PostgreSQL, or None when there is none."""
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")

    def version(path: str) -> tuple[int, ...]:
        name = Path(path).parent.parent.name
        return tuple(int(part) for part in name.split(".") if part.isdigit())

    if not candidates:
        return None
    return Path(max(candidates, key=version)).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """Run as `postgres` when we are root (the server refuses root), else as ourselves."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return ["su", "postgres", "-c", shlex.join(command)]


def _run(command: list[str]) -> None:
    completed = subprocess.run(_as_server_user(command), capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
        )


@contextmanager
def running_server(binaries: Path) -> Iterator[PostgresServer]:
    """Create, start and finally stop and delete a PostgreSQL cluster with database `abm`."""
    import psycopg2

    # Under /tmp (not pytest's 0700 tmp dirs): the postgres user must be able to reach it.
    workdir = Path(tempfile.mkdtemp(prefix="abm-pg-"))
    if os.geteuid() == 0:
        server_user = pwd.getpwnam("postgres")
        os.chown(workdir, server_user.pw_uid, server_user.pw_gid)
    data, log = workdir / "data", workdir / "server.log"
    port = _free_port()
    started = False
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
              "-E", "UTF8", "--locale=C", "--no-sync"])
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start"])
        started = True
        server = PostgresServer(host="127.0.0.1", port=port, user="postgres", database=DATABASE)
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = psycopg2.connect(host=server.host, port=port, user=server.user, dbname="postgres")
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"create database {DATABASE}")
        connection.close()
        yield server
    finally:
        if started:
            subprocess.run(
                _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
            )
        shutil.rmtree(workdir, ignore_errors=True)
