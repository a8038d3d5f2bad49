"""Publishing: a new file of marts and audit tables, never corrupted by a stale write-ahead log
left beside the published file, and refused while another process holds it open read-write."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from abm_warehouse.build import PublishError, publish
from support.warehouse import Warehouse


def _build_file(path: Path, amounts: list[int]) -> None:
    """A build file with a mart, an audit table and a staging view holding PII."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        for schema in ("marts", "audit", "staging", "raw"):
            connection.execute(f"create schema {schema}")
        connection.execute("create table raw.contacts as select 'jane@acme.com' as email")
        connection.execute("create view staging.stg_contacts as select * from raw.contacts")
        connection.execute("create table marts.kpi_amounts (id integer, amount integer)")
        connection.executemany("insert into marts.kpi_amounts values (?, ?)", list(enumerate(amounts)))
        connection.execute("create view marts.kpi_total as select sum(amount) as total from marts.kpi_amounts")
        connection.execute("create table audit.audit_extract_reconciliation as select 'crm__contact' as extract_name")


def _crash_a_read_write_session(published: Path) -> None:
    """Open `published` read-write in another process, change it without a checkpoint, and die."""
    script = textwrap.dedent(f"""
        import os, signal, duckdb
        connection = duckdb.connect({str(published)!r})
        connection.execute("set checkpoint_threshold = '10GB'")
        connection.execute("pragma disable_checkpoint_on_shutdown")
        connection.execute("delete from marts.kpi_amounts where id < 5")
        connection.execute("update marts.kpi_amounts set amount = 999999")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert completed.returncode == -9, completed.stderr


def test_published_file_holds_only_marts_and_audit_as_tables(tmp_path: Path) -> None:
    build, published = tmp_path / "build" / "abm.duckdb", tmp_path / "published" / "abm.duckdb"
    _build_file(build, [10, 20, 30])
    publish(build, published, echo=lambda _: None)
    warehouse = Warehouse(published)
    assert warehouse.tables("staging") == [] and warehouse.tables("raw") == [], "no PII published"
    assert warehouse.tables("marts") == ["kpi_amounts", "kpi_total"]
    # the view became a table of its result: 10 + 20 + 30 = 60
    assert warehouse.query("select total, (select table_type from information_schema.tables "
                           "where table_name = 'kpi_total') from marts.kpi_total") == [(60, "BASE TABLE")]
    assert not published.with_name("abm.duckdb.wal").exists()
    assert Warehouse(build).query("select email from staging.stg_contacts") == [("jane@acme.com",)]


def test_stale_write_ahead_log_of_a_crashed_session_cannot_corrupt_the_next_publish(tmp_path: Path) -> None:
    published = tmp_path / "published" / "abm.duckdb"
    old_build = tmp_path / "old" / "abm.duckdb"
    _build_file(old_build, [1] * 20)
    publish(old_build, published, echo=lambda _: None)

    _crash_a_read_write_session(published)
    wal = published.with_name("abm.duckdb.wal")
    assert wal.exists(), "the crashed session left its write-ahead log"
    # The log is real: replayed onto the old file it deletes 5 of the 20 rows, 15 left at 999999.
    replay = tmp_path / "replay" / "abm.duckdb"
    replay.parent.mkdir()
    shutil.copy(published, replay)
    shutil.copy(wal, replay.with_name("abm.duckdb.wal"))
    assert Warehouse(replay).query("select count(*), min(amount) from marts.kpi_amounts") == [(15, 999999)]

    new_build = tmp_path / "new" / "abm.duckdb"
    amounts = list(range(100, 130))  # 30 rows: 100 + 101 + ... + 129 = 30 * 229 / 2 = 3435
    _build_file(new_build, amounts)
    notes: list[str] = []
    publish(new_build, published, echo=notes.append)

    assert not wal.exists()
    assert any("abm.duckdb.wal" in note for note in notes)
    warehouse = Warehouse(published)
    assert warehouse.query("select count(*), sum(amount), min(amount), max(amount) from marts.kpi_amounts") == [
        (30, 3435, 100, 129)
    ]
    # every row exactly as built
    assert warehouse.query("select id, amount from marts.kpi_amounts order by id") == list(enumerate(amounts))


def test_publish_is_refused_while_another_process_holds_the_file_read_write(tmp_path: Path) -> None:
    published = tmp_path / "published" / "abm.duckdb"
    build = tmp_path / "build" / "abm.duckdb"
    _build_file(build, [1, 2])
    publish(build, published, echo=lambda _: None)
    before = published.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(published)!r}); "
                               "print('open', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(PublishError, match="open read-write in another process"):
            publish(build, published, echo=lambda _: None)
    finally:
        holder.kill()
        holder.wait()
    assert published.read_bytes() == before
    time.sleep(0.1)
    publish(build, published, echo=lambda _: None)  # once the session is gone, publishing works
    assert Warehouse(published).query("select sum(amount) from marts.kpi_amounts") == [(3,)]
