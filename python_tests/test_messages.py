"""Errors name their cause and the next step: a build already running, PostgreSQL unreachable
or refusing the login (a real server), and the demo schema refused as a load target."""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

import pytest

from abm_warehouse.cli import main
from support.postgres import PostgresServer

FIXTURES = Path(__file__).parent / "fixtures" / "extracts"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_second_build_says_another_build_is_running(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The lock is really held (flock by this process, as a running build holds it)."""
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    with (build_dir / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write(str(os.getpid()))
        lock.flush()
        code = main(["build", "--extracts", str(FIXTURES), "--build-dir", str(build_dir),
                     "--publish-to", str(tmp_path / "published" / "abm.duckdb")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"another build (process {os.getpid()}) is already running in {build_dir.resolve()}" in err
    assert "--build-dir" in err
    assert "Errno" not in err
    assert not (tmp_path / "published").exists()


@pytest.mark.postgres
def test_a_wrong_postgres_port_is_not_a_contract_problem(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = _free_port()  # nothing listens there; the real server listens on postgres_server.port
    for name, value in {**postgres_server.env(), "ABM_PG_PORT": str(port)}.items():
        monkeypatch.setenv(name, value)
    code = main(["load", str(FIXTURES), "--target", "postgres"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Cannot reach PostgreSQL at 127.0.0.1:{port} (database abm, user postgres)" in err
    assert "Check that the server is running and that ABM_PG_HOST and ABM_PG_PORT point at it" in err
    assert "contract" not in err


@pytest.mark.postgres
def test_a_build_on_an_unreachable_postgres_stops_before_anything(
    postgres_server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = _free_port()
    for name, value in {**postgres_server.env(), "ABM_PG_PORT": str(port)}.items():
        monkeypatch.setenv(name, value)
    code = main(["build", "--target", "postgres", "--build-dir", str(tmp_path / "build")])
    captured = capsys.readouterr()
    assert code == 1
    assert "build failed at step 'connect to PostgreSQL'" in captured.err
    assert f"Cannot reach PostgreSQL at 127.0.0.1:{port}" in captured.err
    assert "dbt seed" not in captured.out  # nothing was seeded


@pytest.mark.postgres
def test_bad_postgres_credentials_say_which_settings_to_check(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {**postgres_server.env(), "ABM_PG_USER": "no_such_user"}.items():
        monkeypatch.setenv(name, value)
    code = main(["load", str(FIXTURES), "--target", "postgres"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"PostgreSQL at 127.0.0.1:{postgres_server.port} (database abm, user no_such_user) refused the login" in err
    assert "Check ABM_PG_USER and ABM_PG_PASSWORD" in err


@pytest.mark.postgres
def test_a_missing_postgres_database_says_how_to_create_it(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {**postgres_server.env(), "ABM_PG_DATABASE": "no_such_db"}.items():
        monkeypatch.setenv(name, value)
    code = main(["load", str(FIXTURES), "--target", "postgres"])
    err = capsys.readouterr().err
    assert code == 1
    assert "the database does not exist" in err and "createdb no_such_db" in err


def test_loading_into_the_demo_schema_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "abm.duckdb"
    code = main(["load", str(FIXTURES), "--database", str(database), "--schema", "abm_demo_extracts"])
    err = capsys.readouterr().err
    assert code == 2
    assert "schema abm_demo_extracts holds the demo extracts" in err
    assert not database.exists()
