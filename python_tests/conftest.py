"""Session fixtures: the fixture warehouse (built once) and a throwaway PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from abm_warehouse.build import build_warehouse
from support.postgres import PostgresServer, find_server_binaries, running_server
from support.user_project import UserProject, run_user_session
from support.warehouse import Warehouse, gates_file_with_defaults, has_extract_files

FIXTURE_EXTRACTS = Path(__file__).parent / "fixtures" / "extracts"

NO_POSTGRES = """
################################################################################
#  PostgreSQL is NOT installed (no /usr/lib/postgresql/*/bin/initdb):          #
#  the PostgreSQL tests are SKIPPED and the warehouse is NOT verified on it.   #
#  Install it (apt-get install postgresql) or run bin/test as root.            #
################################################################################"""


def _require_fixture_extracts() -> None:
    if not has_extract_files(FIXTURE_EXTRACTS):
        pytest.skip(f"no fixture extracts yet in {FIXTURE_EXTRACTS} (see its README.md)")


@pytest.fixture(scope="session")
def fixture_extracts() -> Path:
    """The folder of hand-made fixture extracts (skips when it holds no files yet)."""
    _require_fixture_extracts()
    return FIXTURE_EXTRACTS


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory: pytest.TempPathFactory, fixture_extracts: Path) -> Warehouse:
    """A DuckDB warehouse built from the fixture extracts, once per session.

    Same code path as `abm build --extracts python_tests/fixtures/extracts` (load, seed the
    configuration, dbt build with tests, publish), but building and publishing in a temporary
    directory, never over warehouse/abm.duckdb. The fixture is dirty on purpose (up to half of
    an extract rejected), so its reject stop share is 0.6 instead of 0.10.

    The Warehouse queries the build file (every schema); `published` is what BI reads.
    """
    root = tmp_path_factory.mktemp("fixture_warehouse")
    result = build_warehouse(
        extracts=fixture_extracts,
        build_dir=root / "build",
        publish_to=root / "published" / "abm.duckdb",
        gates_file=gates_file_with_defaults(root / "extract_gates.csv", reject_stop_share="0.6"),
    )
    assert result.published is not None and result.database is not None
    return Warehouse(result.database, published=result.published)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of its own (database `abm`) for the session; skips when not installed."""
    binaries = find_server_binaries()
    if binaries is None:
        print(NO_POSTGRES)
        pytest.skip("PostgreSQL is NOT installed: the PostgreSQL tests are skipped." + NO_POSTGRES)
    with running_server(binaries) as server:
        yield server


@pytest.fixture(scope="session")
def user_project(tmp_path_factory: pytest.TempPathFactory, fixture_extracts: Path) -> UserProject:
    """A fresh clone in which a user loads the fixture extracts and runs every documented
    command sequence (support/user_project.py); built once, read by the data-safety, plain-dbt
    and demo tests."""
    return run_user_session(tmp_path_factory.mktemp("user_project"), fixture_extracts)
