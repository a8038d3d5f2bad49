"""The bad-input suite: every kind of bad input a real export has, with its outcome.

Three outcomes only: the load or build STOPS with a message naming the extract (and the column
or cause), a row is QUARANTINED with its reason while every extract reconciles, or the input is
LOADED as meant. Never a published warehouse whose KPIs lost a source without a stop.

Cost: the loader stops and the raw gates run without dbt (a load takes well under a second);
all the quarantine kinds are planted in ONE copy of the fixture extracts and built once
(`quarantine_build`); the built gates that stop are checked on that build's file after a
staging-only `dbt run` on altered raw tables.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from abm_warehouse.build import build_warehouse
from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.gates import GateReport, check_built, check_raw, read_settings
from abm_warehouse.loader import LoadError, load_folder
from support.warehouse import Warehouse, gates_file_with_defaults

FIXTURE = Path(__file__).parent / "fixtures" / "extracts"


def _copy_fixture(folder: Path) -> Path:
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def _edit(path: Path, change: Callable[[bytes], bytes]) -> None:
    path.write_bytes(change(path.read_bytes()))


def _append_rows(path: Path, *rows: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _replace_column(path: Path, column: str, value_of: Callable[[int, str], str]) -> None:
    """Rewrite one column of a (quote-free) CSV: value_of(row index, old value) -> new value."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    position = header.index(column)
    out = [lines[0]]
    for index, line in enumerate(lines[1:]):
        cells = line.split(",")
        cells[position] = value_of(index, cells[position])
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --- Stopped by the loader (no dbt) -------------------------------------------------------------

LOADER_STOPS: dict[str, tuple[str, Callable[[Path], None], str]] = {
    # kind: (file, how to break it, what the message says)
    "semicolon-delimited file": (
        "crm__account.csv", lambda p: _edit(p, lambda b: b.replace(b",", b";")),
        "Extract crm__account (crm__account.csv): looks like it is delimited by semicolons (;)",
    ),
    "empty file": ("crm__contact.csv", lambda p: p.write_bytes(b""), "Extract crm__contact (crm__contact.csv): the file is empty"),
    "no header row": ("crm__lead.csv", lambda p: p.write_bytes(b"\n\nled_01,x\n"), "Extract crm__lead (crm__lead.csv): no header row"),
    "missing required column": (
        "crm__opportunity.csv", lambda p: _edit(p, lambda b: b.replace(b"stage_name,", b"stage,", 1)),
        "Extract crm__opportunity (crm__opportunity.csv): missing required column stage_name",
    ),
    "duplicate column in the header": (
        "crm__task.csv", lambda p: _edit(p, lambda b: b.replace(b"subject,", b"type,", 1)),
        "Extract crm__task (crm__task.csv): duplicate column(s) in the header: type",
    ),
    "column without a name": (
        "crm__user.csv", lambda p: _edit(p, lambda b: b.replace(b"role,", b",", 1)),
        "Extract crm__user (crm__user.csv): column(s) at position 3 have no name",
    ),
    "latin-1 bytes": (
        "crm__account.csv", lambda p: _edit(p, lambda b: b.replace(b"Acme Stores", "Acmé Stores".encode("latin-1"), 1)),
        "Extract crm__account (crm__account.csv): could not be read: line 2 holds bytes that are not UTF-8 (0xe9",
    ),
    "NUL bytes": (
        "web__event.csv", lambda p: _edit(p, lambda b: b.replace(b"ses_01", b"ses\x0001", 1)),
        "Extract web__event (web__event.csv): line 2 contains NUL bytes",
    ),
    "ragged row (an unquoted comma)": (
        "crm__account.csv", lambda p: _edit(p, lambda b: b.replace(b"Acme Stores", b"Acme, Stores", 1)),
        "Extract crm__account (crm__account.csv): could not be read: line 2 has 14 field(s) where the header has 13",
    ),
    "short row (a field missing)": (
        "crm__user.csv", lambda p: _edit(p, lambda b: b.replace(b"usr_ae1,Alice Archer,AE,true,", b"usr_ae1,Alice Archer,AE,true", 1)),
        "Extract crm__user (crm__user.csv): could not be read: line 2 has 4 field(s) where the header has 5",
    ),
    "unterminated quote": (
        "crm__account.csv", lambda p: _edit(p, lambda b: b.replace(b"Acme Stores", b'"Acme Stores', 1)),
        "Extract crm__account (crm__account.csv): could not be read: a quote opened before line",
    ),
    "line longer than 2 MB": (
        "crm__task.csv", lambda p: _edit(p, lambda b: b.replace(b"Intro call", b"x" * 2_200_000, 1)),
        "Extract crm__task (crm__task.csv): could not be read: line 2 is 2.1 MB long",
    ),
    "missing required extract": (
        # the CRM is the one source system that cannot be switched off
        "crm__opportunity.csv", lambda p: p.unlink(),
        "Missing required extract(s) in",
    ),
    "two files for one extract": (
        "crm__user.csv", lambda p: shutil.copy(p, p.with_suffix(".parquet")),
        "Extract crm__user: two files hold it (crm__user.csv and crm__user.parquet)",
    ),
    "unreadable Parquet file": (
        "crm__campaign.csv", lambda p: (p.unlink(), p.with_suffix(".parquet").write_bytes(b"PAR1 not parquet")),
        "Extract crm__campaign (crm__campaign.parquet): not a readable Parquet file",
    ),
}


@pytest.mark.parametrize("kind", sorted(LOADER_STOPS))
def test_loader_stops_with_the_cause(kind: str, tmp_path: Path) -> None:
    file_name, breaking, message = LOADER_STOPS[kind]
    folder = _copy_fixture(tmp_path / "extracts")
    breaking(folder / file_name)
    database = tmp_path / "abm.duckdb"
    with pytest.raises(LoadError) as raised:
        load_folder(folder, database=database, echo=lambda _: None)
    assert any(message in problem for problem in raised.value.problems), raised.value.problems
    # nothing was loaded: the raw schema does not exist
    if database.exists():
        assert Warehouse(database).tables("raw") == []


# --- Loaded as meant (loader) -------------------------------------------------------------------

def test_real_world_csv_dialects_load_exactly(tmp_path: Path) -> None:
    """BOM, CRLF line ends, a quoted newline and a 1 MB value all load, value for value."""
    folder = _copy_fixture(tmp_path / "extracts")
    _edit(folder / "crm__user.csv", lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"))
    _edit(folder / "crm__account.csv", lambda b: b.replace(b"Acme Stores", b'"Acme\nStores"', 1))
    _edit(folder / "crm__task.csv", lambda b: b.replace(b"Intro call", b"y" * 1_000_000, 1))
    database = tmp_path / "abm.duckdb"
    counts = load_folder(folder, database=database, echo=lambda _: None)
    assert counts["crm__user"] == 5 and counts["crm__account"] == 16 and counts["crm__task"] == 8
    warehouse = Warehouse(database)
    # the BOM is not part of the first column's name; CRLF leaves no '\r' in the last column
    assert warehouse.query("select id, _fivetran_deleted from raw.crm__user order by id limit 1") == [("usr_ae1", None)]
    assert warehouse.query("select count(*) from raw.crm__user where is_active like '%\r%'") == [(0,)]
    assert warehouse.query("select name from raw.crm__account where id = 'acc_01'") == [("Acme\nStores",)]
    assert warehouse.query("select length(subject) from raw.crm__task where id = 'tsk_01'") == [(1_000_000,)]


def test_wrong_parquet_types_load_as_text(tmp_path: Path) -> None:
    """A Parquet file with typed columns (integers, a date, a double) loads as text values."""
    folder = _copy_fixture(tmp_path / "extracts")
    csv_file = folder / "linkedin_ads__campaign_stats.csv"
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select cast(campaign_id as bigint) as campaign_id, try_cast(day as date) as day, "
            f"cast(impressions as integer) as impressions, try_cast(clicks as integer) as clicks, "
            f"cast(cost_in_local_currency as double) as cost_in_local_currency, cost_in_usd, is_deleted, "
            f"_fivetran_deleted from read_csv('{csv_file}', all_varchar = true)) "
            f"to '{csv_file.with_suffix('.parquet')}' (format parquet)"
        )
    csv_file.unlink()
    database = tmp_path / "abm.duckdb"
    counts = load_folder(folder, database=database, echo=lambda _: None)
    assert counts["linkedin_ads__campaign_stats"] == 6
    rows = Warehouse(database).query(
        "select campaign_id, day, impressions, cost_in_local_currency from raw.linkedin_ads__campaign_stats "
        "where impressions = '900'"
    )
    # first fixture row: 612403321, 2026-03-02, 900 impressions, 400.00 → the double 400.0 as text
    assert rows == [("612403321", "2026-03-02", "900", "400.0")]


# --- Stopped by the raw gates (load, then the gate: no dbt) -------------------------------------

def _raw_gate_stops(tmp_path: Path, breaking: Callable[[Path], None]) -> list[str]:
    folder = _copy_fixture(tmp_path / "extracts")
    breaking(folder)
    database = tmp_path / "abm.duckdb"
    load_folder(folder, database=database, echo=lambda _: None)
    return [result.message for result in check_raw(database).stops]


def test_header_only_extract_the_kpis_need_stops(tmp_path: Path) -> None:
    stops = _raw_gate_stops(tmp_path, lambda folder: _edit(
        folder / "web__event.csv", lambda b: b.split(b"\n", 1)[0] + b"\n"))
    assert stops == ["Extract web__event: the file holds no data rows; the KPIs depend on it."]


def test_renamed_kpi_column_stops_and_is_named_as_renamed(tmp_path: Path) -> None:
    stops = _raw_gate_stops(tmp_path, lambda folder: _edit(
        folder / "crm__opportunity.csv", lambda b: b.replace(b",amount,", b",opportunity_amount,", 1)))
    assert stops == [
        "Extract crm__opportunity: column amount, which the KPIs read, is absent (share 100 % null). The file has "
        "column(s) the contract does not know: opportunity_amount; if one of them is amount renamed, rename it back."
    ]


def test_kpi_column_empty_in_every_row_stops(tmp_path: Path) -> None:
    stops = _raw_gate_stops(tmp_path, lambda folder: _replace_column(
        folder / "web__event.csv", "page_path", lambda index, value: ""))
    # 24 web events in the fixture, page_path empty in all of them
    assert stops == [
        "Extract web__event: column page_path, which the KPIs read, is empty in all 24 rows "
        "(share 100 % null, e.g. row 1: null)."
    ]


def test_missing_optional_extract_and_extra_column_load_with_notes(tmp_path: Path) -> None:
    folder = _copy_fixture(tmp_path / "extracts")
    (folder / "ai_search__answer_check.csv").unlink()
    _edit(folder / "crm__user.csv", lambda b: b.replace(b"_fivetran_deleted\n", b"_fivetran_deleted,favourite_colour\n", 1)
          .replace(b"\n", b",\n").replace(b"_fivetran_deleted,favourite_colour,\n", b"_fivetran_deleted,favourite_colour\n", 1))
    notes: list[str] = []
    database = tmp_path / "abm.duckdb"
    counts = load_folder(folder, database=database, echo=notes.append)
    assert "ai_search__answer_check" not in counts and counts["crm__user"] == 5
    # the AI-search system has no other extract: the build switches it off
    assert any(note.startswith("note: No file of source system(s) ai_search: `abm build` switches them off")
               for note in notes), notes
    assert "note: Extract crm__user (crm__user.csv): columns not in the contract are ignored: favourite_colour" in notes
    assert check_raw(database).stops == []


# --- Quarantined: every kind planted in one copy of the fixture, built once ----------------------

# (extract, key as the reject audit shows it, expected reason); each row appended to the fixture.
PLANTED_REJECTS = {
    ("crm__opportunity", "bad_neg", "negative_amount:amount"),
    ("crm__opportunity", "bad_cur", "unknown_currency"),
    ("crm__opportunity", "bad_stage", "unknown_stage_name"),
    ("crm__opportunity", "bad_thousands", "invalid_number:amount"),
    ("crm__opportunity", "bad_close", "invalid_date:close_date"),
    ("crm__opportunity", "bad_future", "future_date:created_date"),
    ("crm__opportunity", "bad_bool", "unknown_code:is_won"),
    ("crm__opportunity", "bad_dup", "duplicate_key"),
    ("web__event", "bad_web_future", "future_date:event_at"),
    ("web__event", "bad_web_hour", "invalid_timestamp:event_at"),
    ("web__event", "bad_web_dup", "duplicate_key"),
    ("web__event", "bad_web_offset_hh", "invalid_timestamp:event_at"),
    ("billing__subscription", "bad_sub_neg", "negative_amount:mrr"),
    ("billing__subscription", "bad_sub_period", "invalid_period"),
    ("billing__subscription", "bad_sub_cur", "unknown_currency"),
    ("crm__task", "bad_tsk_future", "future_date:activity_date"),
    ("crm__task", "bad_tsk_type", "unknown_code:type"),
    ("marketing__email_event", "bad_em_email", "invalid_email"),
}
OPP = "{id},acc_01,Bad,New Business,{stage},{amount},{currency},10,{close},{created},false,{won},Web,,usr_ae1,{modified},,"
DUPLICATE_AMOUNTS = ("1000", "10000")  # same id and modification time, a 10x amount: settled by hash


def _plant(folder: Path) -> None:
    opp = folder / "crm__opportunity.csv"
    base = dict(stage="Prospecting", amount="1000", currency="USD", close="2026-06-30",
                created="2026-01-05 10:00:00", won="false", modified="2026-01-05 10:00:00")
    _append_rows(
        opp,
        OPP.format(id="", **base),  # null key
        OPP.format(id="bad_neg", **{**base, "amount": "-10"}),
        OPP.format(id="bad_cur", **{**base, "currency": "ABC"}),
        OPP.format(id="bad_stage", **{**base, "stage": "Maybe Later"}),
        OPP.format(id="bad_thousands", **{**base, "amount": '"1,234.50"'}),
        OPP.format(id="bad_close", **{**base, "close": "2025-13-45"}),
        OPP.format(id="bad_future", **{**base, "created": "2031-01-01 10:00:00"}),
        OPP.format(id="bad_bool", **{**base, "won": "perhaps"}),
        OPP.format(id="bad_dup", **{**base, "amount": DUPLICATE_AMOUNTS[0]}),
        OPP.format(id="bad_dup", **{**base, "amount": DUPLICATE_AMOUNTS[1]}),
        OPP.format(id="bad_orphan", **{**base, "stage": "Prospecting"}).replace(",acc_01,", ",acc_nowhere,"),
    )
    web = "{id},{at},ses_x,anon_x,https://ourco.com/,{path},,,,,,,false,false,,,"
    _append_rows(
        folder / "web__event.csv",
        web.format(id="bad_web_future", at="2031-06-01 10:00:00", path="/future"),
        web.format(id="bad_web_hour", at="2026-03-01 25:00:00", path="/x"),
        web.format(id="bad_web_dup", at="2026-03-01 10:00:00", path="/a"),
        web.format(id="bad_web_dup", at="2026-03-01 10:00:00", path="/b"),
        web.format(id="", at="2026-03-01 10:00:00", path="/nokey"),
        web.format(id="bad_web_offset", at="2026-03-01T10:00:00+02:00", path="/offset"),
        web.format(id="bad_web_offset_hh", at="2026-03-01T10:00:00+2", path="/offset"),
        web.format(id="bad_web_z", at="2026-03-01T10:00:00.250Z", path="/z"),
        web.format(id="bad_web_newline", at="2026-03-01 11:00:00", path='"/two\nlines"'),
        web.format(id="bad_web_huge", at="2026-03-01 12:00:00", path="/" + "h" * 200_000),
    )
    _append_rows(
        folder / "billing__subscription.csv",
        "bad_sub_neg,acc_01,Addon,2025-08-01,,-5,USD,,",
        "bad_sub_period,acc_01,Addon,2025-08-01,2025-07-01,5,USD,,",
        "bad_sub_cur,acc_01,Addon,2025-08-01,,5,ABC,,",
    )
    _append_rows(
        folder / "crm__task.csv",
        "bad_tsk_future,con_01,,acc_01,usr_sdr1,Call,Call from the future,2031-02-03,2026-02-03 10:00:00,,",
        "bad_tsk_type,con_01,,acc_01,usr_sdr1,Telegram,Odd type,2026-02-03,2026-02-03 10:00:00,,",
    )
    email_header = (folder / "marketing__email_event.csv").read_text().splitlines()[0].split(",")
    row = dict.fromkeys(email_header, "")
    row.update(id="bad_em_email", type="open", created_at="2026-02-03 10:00:00", recipient="nobody at nowhere")
    _append_rows(folder / "marketing__email_event.csv", ",".join(row[column] for column in email_header))
    # BOM and CRLF in one file; the optional AI extract absent
    _edit(folder / "crm__user.csv", lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"))
    (folder / "ai_search__answer_check.csv").unlink()


@pytest.fixture(scope="module")
def quarantine_build(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("quarantine")
    folder = _copy_fixture(root / "extracts")
    _plant(folder)
    result = build_warehouse(
        extracts=folder, build_dir=root / "build", publish_to=root / "published" / "abm.duckdb",
        skip_tests=True,
        gates_file=gates_file_with_defaults(root / "gates.csv", reject_stop_share="0.9"),
    )
    assert result.published is not None and result.database is not None
    return Warehouse(result.database, published=result.published)


@pytest.mark.slow
def test_planted_rows_are_quarantined_with_their_reason(quarantine_build: Warehouse) -> None:
    rows = set(quarantine_build.query(
        "select extract_name, source_key, reject_reason from audit.audit_extract_rejects "
        "where source_key like 'bad%'"
    ))
    assert rows == PLANTED_REJECTS
    # null keys: the fixture's own (1 account, 1 contact, 1 Google stat, 1 AI check: absent
    # here) plus one planted opportunity and one planted web event
    null_keys = dict(quarantine_build.query(
        "select extract_name, count(*) from audit.audit_extract_rejects where reject_reason = 'null_key' group by 1"))
    assert null_keys["crm__opportunity"] == 1 and null_keys["web__event"] == 1


@pytest.mark.slow
def test_every_extract_reconciles(quarantine_build: Warehouse) -> None:
    rows = quarantine_build.query(
        "select extract_name, rows_read, rows_kept, rows_rejected, rows_deleted from audit.audit_extract_reconciliation")
    assert len(rows) == 24
    for name, read, kept, rejected, deleted in rows:
        assert read == kept + rejected + deleted, name
    counts = {name: (read, kept, rejected, deleted) for name, read, kept, rejected, deleted in rows}
    # fixture opportunities 17 read / 11 kept / 5 rejected / 1 deleted; planted 11 rows: 9 rejected
    # (null key, neg, cur, stage, thousands, close, future, bool, one of the duplicates), 2 kept
    # (the duplicate that wins, the orphan)
    assert counts["crm__opportunity"] == (28, 13, 14, 1)
    # web: fixture 24 / 20 / 3 / 1; planted 10: rejected future, hour 25, '+2', one duplicate,
    # null key (5); kept offset, Z, newline, huge, the other duplicate (5)
    assert counts["web__event"] == (34, 25, 8, 1)
    # the optional AI extract is absent: read 0
    assert counts["ai_search__answer_check"] == (0, 0, 0, 0)
    # BOM + CRLF file: as in the fixture (5 read, 4 kept, 1 rejected)
    assert counts["crm__user"] == (5, 4, 1, 0)


@pytest.mark.slow
def test_offsets_become_utc_and_real_world_values_are_kept(quarantine_build: Warehouse) -> None:
    rows = dict(quarantine_build.query(
        "select web_event_id, event_at from staging.stg_web__events where web_event_id in ('bad_web_offset', 'bad_web_z')"))
    # 10:00 at +02:00 is 08:00 UTC; 'Z' is UTC (fractional seconds dropped)
    assert rows == {"bad_web_offset": datetime(2026, 3, 1, 8, 0), "bad_web_z": datetime(2026, 3, 1, 10, 0)}
    paths = dict(quarantine_build.query(
        "select web_event_id, page_path from staging.stg_web__events where web_event_id in ('bad_web_newline', 'bad_web_huge')"))
    assert paths["bad_web_newline"] == "/two\nlines" and len(paths["bad_web_huge"]) == 200_001
    # the orphan opportunity (unknown account) is kept: the KPIs see it as non-target pipeline
    assert quarantine_build.query(
        "select account_id from staging.stg_crm__opportunities where opportunity_id = 'bad_orphan'") == [("acc_nowhere",)]


@pytest.mark.slow
def test_conflicting_duplicates_are_settled_by_the_content_hash(quarantine_build: Warehouse) -> None:
    # Same id, same modification time, amounts 1000 and 10000: the row whose content hash
    # (md5 of every declared column as text, '|'-separated, null as '<null>') is greater wins.
    header = (FIXTURE / "crm__opportunity.csv").read_text().splitlines()[0].split(",")
    base = dict(stage="Prospecting", currency="USD", close="2026-06-30", created="2026-01-05 10:00:00",
                won="false", modified="2026-01-05 10:00:00")

    def content_hash(amount: str) -> str:
        cells = OPP.format(id="bad_dup", amount=amount, **base).split(",")
        assert len(cells) == len(header)
        return hashlib.md5("|".join(cell or "<null>" for cell in cells).encode()).hexdigest()

    winner = max(DUPLICATE_AMOUNTS, key=content_hash)
    kept = quarantine_build.query("select amount_local from staging.stg_crm__opportunities where opportunity_id = 'bad_dup'")
    assert [str(int(amount)) for (amount,) in kept] == [winner]


@pytest.mark.slow
def test_future_dates_do_not_move_the_as_of_date(quarantine_build: Warehouse) -> None:
    # latest event date per extract, latest first: web 2031-06-01, task 2031-02-03, opportunity
    # 2031-01-01 (planted), email 2026-03-30, intent 2026-03-30, forms 2026-03-22 (the 6th of 11:
    # the median), history 03-17, members 03-10, LinkedIn 03-03, Google 03-03, CRM events
    # 2025-10-20. Horizon = 2026-03-22 + 31 days = 2026-04-22: the 2031 rows are quarantined
    # and the as-of date stays the fixture's 2026-03-31.
    assert quarantine_build.query("select horizon_date from staging.base_extracts__event_date_horizon") == [
        (datetime(2026, 4, 22).date(),)]
    assert quarantine_build.query("select as_of_date from intermediate.int_as_of_date") == [(datetime(2026, 3, 31).date(),)]


@pytest.mark.slow
def test_gates_are_in_the_build_output_and_the_published_record(quarantine_build: Warehouse) -> None:
    assert quarantine_build.published is not None
    published = Warehouse(quarantine_build.published)
    rows = dict(published.query(
        "select extract_name, rows_rejected from audit.audit_build_gates where gate = 'reject_share'"))
    assert rows["crm__opportunity"] == 14 and rows["web__event"] == 8
    statuses = dict(published.query(
        "select extract_name, status from audit.audit_build_gates where gate = 'reject_share'"))
    # 14 of 27 live opportunities = 51.9 %: above the 1 % warning, under the raised 90 % stop
    assert statuses["crm__opportunity"] == "warn"
    assert published.tables("staging") == [] and published.tables("raw") == []


# --- Stopped by the built gates (staging-only dbt run on altered raw tables) ---------------------

@pytest.mark.slow
def test_mostly_unparseable_column_stops_and_declared_formats_parse(quarantine_build: Warehouse) -> None:
    """Every web event_at in MM/DD/YYYY form (no format declared) stops, as a column problem;
    opportunity amounts with a decimal comma and MM/DD/YYYY close dates parse once declared."""
    database = quarantine_build.path
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "update raw.web__event set event_at = strftime(try_cast(event_at as timestamp), '%m/%d/%Y %H:%M') "
            "where try_cast(event_at as timestamp) is not null")
        connection.execute("update raw.crm__opportunity set amount = '1.234,5', close_date = '06/30/2026' "
                           "where id = 'bad_orphan'")
    environment = dbt_environment(
        duckdb_path=database, target_path=database.parent / "target_formats", log_path=database.parent / "logs",
    )
    run_dbt(["run", "--select", "staging", "--vars",
             "{abm_demo: false, raw_schema: raw, enable_ai_search: false,"
             " extract_formats: {crm__opportunity: {decimal_separator: ',', date_order: MDY}}}"], environment)
    report: GateReport = check_built(database, settings=read_settings())
    stops = [result for result in report.stops if result.extract_name == "web__event"]
    assert len(stops) == 1, [result.message for result in report.stops]
    stop = stops[0]
    assert stop.column_name == "event_at" and stop.share is not None and stop.share > 0.9
    # the first web event, 2026-03-02 10:00:00, rewritten as 03/02/2026 10:00
    assert "Extract web__event, column event_at:" in stop.message and "e.g. event_at = '03/02/2026 10:00'" in stop.message
    assert Warehouse(database).query(
        "select amount_local, close_date from staging.stg_crm__opportunities where opportunity_id = 'bad_orphan'"
    ) == [(1234.5, datetime(2026, 6, 30).date())]


@pytest.mark.slow
def test_row_count_drop_against_the_last_published_build_stops(quarantine_build: Warehouse, tmp_path: Path) -> None:
    previous = tmp_path / "abm.duckdb"
    with duckdb.connect(str(previous)) as connection:
        connection.execute("create schema audit")
        connection.execute("create table audit.audit_build_gates as select 'reject_share' as gate, "
                           "'crm__account' as extract_name, 1000 as rows_read, 'extracts' as extracts_source")
    report = check_built(quarantine_build.path, published=previous, settings=read_settings())
    drops = [result for result in report.results if result.gate == "row_count"]
    # 16 account rows read against 1,000 last time: a drop of 98.4 % > 50 %
    assert [(result.extract_name, result.status) for result in drops] == [("crm__account", "stop")]
    assert "Extract crm__account: 16 rows read against 1,000 in the last published build (a drop of 98.4%" in drops[0].message

    # The same counts published by a demo build (say `abm demo` tried first) are not compared:
    # the demo's row counts say nothing about the user's extracts.
    with duckdb.connect(str(previous)) as connection:
        connection.execute("update audit.audit_build_gates set extracts_source = 'demo'")
    report = check_built(quarantine_build.path, published=previous, settings=read_settings())
    assert [result for result in report.results if result.gate == "row_count" and result.status == "stop"] == []


def test_a_raw_gate_stop_fails_the_build_before_dbt_and_leaves_the_published_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end through `abm build`: a renamed KPI column stops at the raw gates (exit 1), the
    message names the extract, the column and the new name, and nothing is published."""
    from abm_warehouse.cli import main

    folder = _copy_fixture(tmp_path / "extracts")
    _edit(folder / "crm__opportunity.csv", lambda b: b.replace(b",amount,", b",opportunity_amount,", 1))
    published = tmp_path / "published" / "abm.duckdb"
    code = main(["build", "--extracts", str(folder), "--build-dir", str(tmp_path / "build"),
                 "--publish-to", str(published)])
    assert code == 1
    captured = capsys.readouterr()
    assert "error: 1 gate(s) stopped the build:" in captured.err
    assert "Extract crm__opportunity: column amount, which the KPIs read, is absent" in captured.err
    assert "opportunity_amount" in captured.err
    assert "build failed at step 'gates on the raw extracts'" in captured.err
    assert "dbt seed" not in captured.out, "the build stopped before dbt"
    assert not published.exists()


def test_gate_settings_come_from_the_seed_with_defaults() -> None:
    settings = read_settings()
    web = settings["web__event"]
    # web__event names no thresholds: the `*` row's 1 % / 10 % / 50 % apply
    assert (web.requires_rows, web.reject_warn_share, web.reject_stop_share, web.max_row_drop_share) == (
        True, 0.01, 0.10, 0.5)
    assert web.kpi_columns == ("event_at", "page_path", "resolved_company_domain")
    assert settings["google_ads__account_history"].reject_stop_share == 0.25
    assert settings["*"].requires_rows is False and settings["*"].kpi_columns == ()
