"""Incremental scheduled builds: daily increments equal a full refresh, and a failed run changes nothing.

One folder of extracts (the scheduled build's folder) is built on three days, each day's files
holding the whole history (the fixture extracts plus the rows appended so far):

day 1  the fixture extracts as they are                              -> full build (no kept state)
day 2  appended: web_25 (2026-04-01, a new day); web_26 (2026-03-29, late, inside the 3-day
       lookback of the latest kept web event 2026-03-31); web_27 (2026-01-20, late, far
       before the window: appended rows are always read); web_28 (2026-05-01, after the
       horizon 2026-04-17: quarantined as future_date); a second web_07 (same key, other
       content: one of the two wins by content hash); em_16 (late email click inside the
       window); a second em_06 (duplicate key); a second Juniper Data G2 signal of 2026-03-30
       (duplicate key, other score)                                   -> incremental
day 3  appended: web_29, em_17, an intent signal, a form submission, a task and a Google Ads
       row, all dated 2026-04-20, so 6 of the 11 event extracts end on 2026-04-20 and the
       horizon moves to 2026-04-20 + 31 = 2026-05-21 (web_28 is no longer future-dated and is
       kept now); a second web_13 (2026-01-14, an old key, other content); a deletion of
       web_25                                                         -> incremental
Then the day-3 folder is built again with --full-refresh in a build folder of its own, and
every table BI reads (marts, audit) and every staging and intermediate table is compared row
for row. A fourth day whose web events file is empty stops at a gate: the kept state and the
published file are byte for byte unchanged; a folder whose web events file lost rows is
refused.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from abm_warehouse import incremental, run_history
from abm_warehouse.build import BuildError, build_warehouse
from support.compare import comparable
from support.warehouse import gates_file_with_defaults

pytestmark = pytest.mark.slow

RUN_SPECIFIC = {"audit_build_gates", "run_history", "run_history_mart_rows"}
"""Audit tables that describe the run (its gates against the previous publish, the history)."""

DAY_2 = {
    "web__event.csv": [
        "web_25,2026-04-01 09:00:00,ses_20,anon_20,https://ourco.com/pricing,/pricing,,,,,acmestores.com,ip,false,false,,,",
        "web_26,2026-03-29 10:00:00,ses_21,anon_21,https://ourco.com/demo,/demo,,,,,initech.com,ip,false,false,,,",
        "web_27,2026-01-20 10:00:00,ses_22,anon_22,https://ourco.com/guide,/guide,,,,,initech.com,ip,false,false,,,",
        "web_28,2026-05-01 10:00:00,ses_23,anon_23,https://ourco.com/pricing,/pricing,,,,,acmestores.com,ip,false,false,,,",
        "web_07,2026-03-31 23:59:00,ses_06,anon_06,https://ourco.com/pricing,/pricing,,,,,wayne.com,cookie,false,false,,,",
    ],
    "marketing__email_event.csv": [
        "em_16,click,2026-03-29 09:00:00,sam@juniperdata.com,ecmp_01,,,",
        "em_06,open,2026-03-30 08:00:00,sam@juniperdata.com,ecmp_01,true,,",
    ],
    "intent__signal.csv": [
        "g2,2026-03-30,juniperdata.com,Juniper Data,ABM Platforms,Software,competitor_comparison,90,,",
    ],
}
DAY_3 = {
    "web__event.csv": [
        "web_29,2026-04-20 09:00:00,ses_24,anon_24,https://ourco.com/pricing,/pricing,,,,,acmestores.com,ip,false,false,,,",
        "web_13,2026-01-14 10:05:00,ses_12,anon_12,https://ourco.com/case-studies,/case-studies,,,,,initech.com,ip,false,false,,,",
        "web_25,2026-04-01 09:00:00,ses_20,anon_20,https://ourco.com/pricing,/pricing,,,,,acmestores.com,ip,false,false,,,true",
    ],
    "marketing__email_event.csv": ["em_17,open,2026-04-20 09:00:00,jane.doe@acmestores.com,ecmp_01,,,"],
    "intent__signal.csv": ["bombora,2026-04-20,acmestores.com,Acme Stores,Account Based Marketing,Marketing,surge,75,,"],
    "marketing__form_submission.csv": [
        "fs_90,2026-04-20 14:00:00,pat.lee@umbrella.co.uk,demo_request,Demo request,https://ourco.com/demo,,,",
    ],
    "crm__task.csv": ["tsk_90,con_01,,acc_01,usr_sdr1,Call,Check-in,2026-04-20,2026-04-20 10:00:00,false,"],
    "google_ads__campaign_stats.csv": ["cust_01,2026-04-20,1700063935,SEARCH,DESKTOP,100,5,10000000,,"],
}


def _append(folder: Path, rows: dict[str, list[str]]) -> None:
    for name, lines in rows.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path, schemas: tuple[str, ...]) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        names = connection.execute(
            "select table_schema, table_name from information_schema.tables where table_schema in ({}) "
            "order by 1, 2".format(", ".join("?" for _ in schemas)),
            list(schemas),
        ).fetchall()
        return {
            f"{schema}.{table}": comparable(connection.execute(f'select * from "{schema}"."{table}"').fetchall())
            for schema, table in names
            if table not in RUN_SPECIFIC
        }


@pytest.fixture(scope="module")
def daily_builds(tmp_path_factory: pytest.TempPathFactory, fixture_extracts: Path) -> dict[str, object]:
    """Day 1 (full), day 2 and day 3 (incremental) of one folder, and a full refresh of day 3."""
    root = tmp_path_factory.mktemp("incremental")
    folder = root / "extracts"
    folder.mkdir()
    for path in fixture_extracts.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    gates = gates_file_with_defaults(root / "extract_gates.csv", reject_stop_share="0.6")

    def build(build_dir: Path, published: Path, **options: object) -> object:
        return build_warehouse(extracts=folder, build_dir=build_dir, publish_to=published,
                               gates_file=gates, echo=lambda _line: None, **options)

    scheduled, published = root / "build", root / "published" / "abm.duckdb"
    days = [build(scheduled, published, skip_tests=True)]
    _append(folder, DAY_2)
    days.append(build(scheduled, published, skip_tests=True))
    with duckdb.connect(str(scheduled / "abm.duckdb"), read_only=True) as connection:
        web_28_on_day_2 = connection.execute(
            "select reject_reason from staging.base_web__events where web_event_id = 'web_28'").fetchall()
    _append(folder, DAY_3)
    days.append(build(scheduled, published))  # with every data test, on the incremental state
    reference = build(root / "full_build", root / "full_published" / "abm.duckdb", skip_tests=True, full_refresh=True)
    return {"root": root, "folder": folder, "gates": gates, "days": days, "reference": reference,
            "scheduled": scheduled, "published": published, "web_28_on_day_2": web_28_on_day_2}


def test_daily_increments_equal_a_full_refresh(daily_builds: dict[str, object]) -> None:
    days, reference = daily_builds["days"], daily_builds["reference"]
    assert [day.run.build_mode for day in days] == ["full", "incremental", "incremental"]
    assert reference.run.build_mode == "full"
    history = run_history.read_history(daily_builds["published"].parent / run_history.HISTORY_FILE_NAME)
    assert [run["build_mode"] for run in history] == ["full", "incremental", "incremental"]

    # every published table (all that BI reads) is equal row for row
    incremental_tables = _tables(days[-1].published, ("marts", "audit"))
    full_tables = _tables(reference.published, ("marts", "audit"))
    assert sorted(incremental_tables) == sorted(full_tables)
    assert len(incremental_tables) > 25
    for name, rows in full_tables.items():
        assert incremental_tables[name] == rows, f"{name} differs from a full refresh"
    # and so is every staging and intermediate table of the private build file
    private_incremental = _tables(days[-1].database, ("staging", "intermediate"))
    private_full = _tables(reference.database, ("staging", "intermediate"))
    for name, rows in private_full.items():
        assert private_incremental[name] == rows, f"{name} differs from a full refresh"


def test_late_duplicate_and_future_rows_are_counted_by_hand(daily_builds: dict[str, object]) -> None:
    published = daily_builds["days"][-1].published
    with duckdb.connect(str(published), read_only=True) as connection:
        reconciliation = dict(
            (row[0], row[1:]) for row in connection.execute(
                "select extract_name, rows_read, rows_kept, rows_rejected, rows_deleted "
                "from audit.audit_extract_reconciliation").fetchall()
        )
    # web: the fixture's 24 rows (20 kept, 3 rejected, 1 deleted) + 5 on day 2 + 3 on day 3 = 32 read;
    # kept 20 + web_25, web_26, web_27 (late), web_28 (future on day 2, kept on day 3), web_29 = 25
    # (the second web_07 and web_13 add no kept row); rejected 3 + the two duplicates = 5;
    # deleted 1 + the deletion of web_25 = 2; 25 + 5 + 2 = 32
    assert reconciliation["web__event"] == (32, 25, 5, 2)
    # email: 15 (11 kept, 3 rejected, 1 deleted) + 2 + 1 = 18 read; kept 11 + em_16 + em_17 = 13;
    # rejected 3 + the second em_06 = 4; deleted 1; 13 + 4 + 1 = 18
    assert reconciliation["marketing__email_event"] == (18, 13, 4, 1)
    # intent: 9 (5 kept, 4 rejected) + 1 + 1 = 11 read; kept 5 + the 2026-04-20 surge = 6;
    # rejected 4 + the second G2 signal of Juniper Data = 5
    assert reconciliation["intent__signal"] == (11, 6, 5, 0)
    assert daily_builds["web_28_on_day_2"] == [("future_date:event_at",)]
    days = daily_builds["days"]
    with duckdb.connect(str(days[-1].database), read_only=True) as connection:
        web_28 = connection.execute(
            "select reject_reason from staging.base_web__events where web_event_id = 'web_28'").fetchall()
    assert web_28 == [(None,)]


def test_day_3_rebuilt_only_the_window(daily_builds: dict[str, object]) -> None:
    """The kept state's log says what day 3 changed: the earliest date among the rows each
    event model actually changed, not a full rebuild."""
    with duckdb.connect(str(daily_builds["days"][-1].database), read_only=True) as connection:
        log = dict((row[0], row[1:]) for row in connection.execute(
            "select model_name, is_full, cast(affected_from as varchar) from main.abm_incremental_log").fetchall())
    # web: the window starts 2026-04-01 (latest kept, web_25) - 3 days = 2026-03-29; the rows
    # appended since day 2 are read too. The second web_13 (2026-01-14) is the earliest changed
    # row (web_29 is 2026-04-20, web_25's deletion 2026-04-01, web_28 kept from now on 2026-05-01)
    assert log["base_web__events"] == (False, "2026-01-14")
    # email and intent: only the rows of 2026-04-20 are new; the rows read again in the window
    # (both from 2026-03-30 - 3 days = 2026-03-27, and the undated rejects) are unchanged
    assert log["base_marketing__email_events"] == (False, "2026-04-20")
    assert log["base_intent__signals"] == (False, "2026-04-20")


def test_a_failed_incremental_run_changes_nothing(daily_builds: dict[str, object]) -> None:
    scheduled, published, folder = daily_builds["scheduled"], daily_builds["published"], daily_builds["folder"]
    kept = incremental.kept_state(scheduled)
    before = (_digest(kept), _digest(published), (kept.parent / "abm.duckdb.state.json").read_text())
    web_events = folder / "web__event.csv"
    full_history = web_events.read_text(encoding="utf-8")
    try:
        # an empty web events file: the raw gate stops the run after the load into the work copy
        web_events.write_text(full_history.splitlines()[0] + "\n", encoding="utf-8")
        with pytest.raises(BuildError) as stopped:
            build_warehouse(extracts=folder, build_dir=scheduled, publish_to=published,
                            gates_file=daily_builds["gates"], echo=lambda _line: None)
        assert stopped.value.step == "gates on the raw extracts"
        # the day-1 file again (24 web events where the kept state read 32): refused before dbt
        web_events.write_text("\n".join(full_history.splitlines()[:25]) + "\n", encoding="utf-8")
        with pytest.raises(BuildError) as refused:
            build_warehouse(extracts=folder, build_dir=scheduled, publish_to=published,
                            gates_file=daily_builds["gates"], echo=lambda _line: None)
        assert refused.value.step == "check the extracts against the kept state"
        assert "web__event has 24 rows, fewer than the 32 the last build read" in str(refused.value)
        assert "--full-refresh" in str(refused.value)
    finally:
        web_events.write_text(full_history, encoding="utf-8")
    after = (_digest(kept), _digest(published), (kept.parent / "abm.duckdb.state.json").read_text())
    assert after == before
    assert not (scheduled / incremental.WORK_DIR_NAME / "abm.duckdb").exists()
    history = run_history.read_history(published.parent / run_history.HISTORY_FILE_NAME)
    assert [(run["status"], run["published"]) for run in history[-2:]] == [("failed", False), ("failed", False)]
