"""`abm load`: a folder of extract files lands in the raw schema as text, or fails clearly.

Every case writes tiny files to a temporary folder. The extracts and their required columns
come from the contract (the sources YAML), so these tests follow it as it grows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from abm_warehouse.cli import main
from abm_warehouse.contract import Extract, load_contract
from abm_warehouse.loader import LoadError, load_folder, plan_load

CONTRACT = load_contract()
ACCOUNT = CONTRACT["crm__account"]


def write_csv(folder: Path, name: str, text: str) -> Path:
    """Write a CSV file exactly as given (no dialect guessing on our side either)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_complete_folder(folder: Path, rows: int = 2) -> dict[str, int]:
    """One CSV per required extract of the contract, with every declared column and `rows` rows."""
    expected: dict[str, int] = {}
    for extract in CONTRACT.values():
        if extract.optional:
            continue
        lines = [",".join(extract.columns)]
        lines += [",".join(f"{column}-{row}" for column in extract.columns) for row in range(rows)]
        write_csv(folder, f"{extract.name}.csv", "\n".join(lines) + "\n")
        expected[extract.name] = rows
    return expected


def account_csv(header: str | None = None, *rows: str) -> str:
    """A crm__account file: the required columns by default, then the given rows."""
    return "\n".join([header or ",".join(ACCOUNT.required), *rows]) + "\n"


def query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def run_load(folder: Path, database: Path, *extra: str) -> int:
    return main(["load", str(folder), "--database", str(database), *extra])


def test_contract_is_read_from_the_sources_yaml() -> None:
    assert ACCOUNT.required[:2] == ("id", "name")
    assert "is_deleted" in ACCOUNT.columns and "is_deleted" not in ACCOUNT.required
    assert all(isinstance(extract, Extract) for extract in CONTRACT.values())


def test_good_folder_loads_every_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    expected = write_complete_folder(folder, rows=3)
    database = tmp_path / "abm.duckdb"

    assert run_load(folder, database) == 0

    loaded = dict(query(database, "select table_name, estimated_size from duckdb_tables() where schema_name = 'raw'"))
    assert set(loaded) == set(expected)
    for name in expected:
        assert query(database, f"select count(*) from raw.{name}") == [(3,)]
    out = capsys.readouterr().out
    assert "rows loaded" in out and "crm__account" in out


def test_values_stay_text(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", account_csv(None, "00123,Acme,2024-01-02", '00124,"Beta, Inc.",'))
    database = tmp_path / "abm.duckdb"

    assert run_load(folder, database, "--allow-missing") == 0

    types = query(
        database,
        "select distinct data_type from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'crm__account'",
    )
    assert types == [("VARCHAR",)]
    rows = query(database, "select id, name, created_date from raw.crm__account order by id")
    assert rows == [("00123", "Acme", "2024-01-02"), ("00124", "Beta, Inc.", None)]


def test_header_names_are_trimmed_and_lower_cased(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", "\ufeffId, NAME ,Created_Date\n1,Acme,2024-01-02\n")
    database = tmp_path / "abm.duckdb"
    assert run_load(folder, database, "--allow-missing") == 0
    assert query(database, "select id, name, created_date from raw.crm__account") == [("1", "Acme", "2024-01-02")]


def test_quoted_and_unquoted_empty_values_are_null(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", account_csv(None, '1,"",', "2,,\"\""))
    database = tmp_path / "abm.duckdb"
    assert run_load(folder, database, "--allow-missing") == 0
    assert query(database, "select id, name, created_date from raw.crm__account order by id") == [
        ("1", None, None),
        ("2", None, None),
    ]


def test_parquet_loads_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    table = pa.table(
        {
            "id": pa.array(["00123", "7"]),
            "name": pa.array(["Acme", ""]),
            "created_date": pa.array(["2024-01-02", None]),
            "number_of_employees": pa.array([250, None], type=pa.int64()),
            "is_deleted": pa.array([False, True]),
        }
    )
    pq.write_table(table, folder / "crm__account.parquet")
    database = tmp_path / "abm.duckdb"

    assert run_load(folder, database, "--allow-missing") == 0

    rows = query(
        database,
        "select id, name, created_date, number_of_employees, is_deleted from raw.crm__account order by id",
    )
    assert rows == [("00123", "Acme", "2024-01-02", "250", "false"), ("7", None, None, None, "true")]
    types = query(
        database,
        "select distinct data_type from information_schema.columns where table_name = 'crm__account'",
    )
    assert types == [("VARCHAR",)]


def test_existing_tables_are_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    database = tmp_path / "abm.duckdb"
    write_csv(folder, "crm__account.csv", account_csv(None, "1,A,2024-01-01", "2,B,2024-01-01"))
    assert run_load(folder, database, "--allow-missing") == 0
    write_csv(folder, "crm__account.csv", account_csv(None, "3,C,2024-01-01"))
    assert run_load(folder, database, "--allow-missing") == 0
    assert query(database, "select id from raw.crm__account") == [("3",)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,created_date\nAcme,2024-01-02\n",
            "Extract crm__account (crm__account.csv): missing required column id",
        ),
        (
            "id;name;created_date\n1;Acme;2024-01-02\n",
            "Extract crm__account (crm__account.csv): looks like it is delimited by semicolons (;); "
            "the contract expects comma-separated CSV.",
        ),
        (
            "id\tname\tcreated_date\n1\tAcme\t2024-01-02\n",
            "Extract crm__account (crm__account.csv): looks like it is delimited by tabs; "
            "the contract expects comma-separated CSV.",
        ),
        (
            "id|name|created_date\n1|Acme|2024-01-02\n",
            "Extract crm__account (crm__account.csv): looks like it is delimited by pipes (|); "
            "the contract expects comma-separated CSV.",
        ),
        (
            "",
            "Extract crm__account (crm__account.csv): the file is empty; expected a header row with the column names.",
        ),
        (
            "\n\n",
            "Extract crm__account (crm__account.csv): no header row; the first line must hold the column names.",
        ),
        (
            "id,name,created_date,id\n1,Acme,2024-01-02,1\n",
            "Extract crm__account (crm__account.csv): duplicate column(s) in the header: id.",
        ),
    ],
    ids=["missing-column", "semicolons", "tabs", "pipes", "empty-file", "blank-header", "duplicate-column"],
)
def test_bad_file_fails_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", content)
    database = tmp_path / "abm.duckdb"

    assert run_load(folder, database, "--allow-missing") == 2

    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not database.exists(), "nothing is loaded when a file breaks the contract"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", "website\nacme.com\n")
    write_csv(folder, "crm__user.csv", "id;name\n1;Ann\n")
    plan = plan_load(folder, allow_missing=True)
    assert plan.problems == [
        "Extract crm__account (crm__account.csv): missing required column id",
        "Extract crm__account (crm__account.csv): missing required column name",
        "Extract crm__account (crm__account.csv): missing required column created_date",
        "Extract crm__user (crm__user.csv): looks like it is delimited by semicolons (;); "
        "the contract expects comma-separated CSV.",
    ]


def test_ragged_row_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", account_csv(None, "1,Acme,2024-01-02,surplus"))
    with pytest.raises(LoadError) as caught:
        load_folder(folder, database=tmp_path / "abm.duckdb", allow_missing=True, echo=lambda _: None)
    assert caught.value.problems[0].startswith("Extract crm__account (crm__account.csv): could not be read:")


def test_header_only_file_loads_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", account_csv())
    database = tmp_path / "abm.duckdb"
    assert run_load(folder, database, "--allow-missing") == 0
    assert "warning: Extract crm__account: the file has a header but no data rows" in capsys.readouterr().out
    assert query(database, "select count(*) from raw.crm__account") == [(0,)]


def test_unknown_file_is_skipped_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", account_csv(None, "1,Acme,2024-01-02"))
    write_csv(folder, "accounts.csv", "id\n1\n")
    (folder / "README.md").write_text("not an extract")
    database = tmp_path / "abm.duckdb"
    assert run_load(folder, database, "--allow-missing") == 0
    out = capsys.readouterr().out
    assert "Skipping accounts.csv: no extract named 'accounts' in the contract" in out
    assert "README" not in out
    assert query(database, "select table_name from duckdb_tables() where schema_name = 'raw'") == [("crm__account",)]


def test_extra_columns_are_noted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_csv(folder, "crm__account.csv", account_csv("id,name,created_date,favourite_colour", "1,A,2024-01-02,red"))
    assert run_load(folder, tmp_path / "abm.duckdb", "--allow-missing") == 0
    assert (
        "Extract crm__account (crm__account.csv): columns not in the contract are ignored: favourite_colour"
        in capsys.readouterr().out
    )


def test_missing_required_extracts_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_complete_folder(folder)
    (folder / "crm__user.csv").unlink()
    (folder / "crm__lead.csv").unlink()

    assert run_load(folder, tmp_path / "abm.duckdb") == 2

    err = capsys.readouterr().err
    assert f"Missing required extract(s) in {folder}: crm__lead, crm__user" in err


def test_optional_extracts_are_only_noted(tmp_path: Path) -> None:
    optional = [extract.name for extract in CONTRACT.values() if extract.optional]
    if not optional:
        pytest.skip("the contract declares no optional extract yet")
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_complete_folder(folder)
    plan = plan_load(folder)
    assert plan.problems == []
    # the only optional extract is the whole ai_search system: without its file the system is
    # switched off by `abm build`
    assert optional == ["ai_search__answer_check"]
    assert (
        "No file of source system(s) ai_search: `abm build` switches them off "
        "(the KPIs that need them leave the scorecard)." in plan.notes
    )


def test_a_source_system_without_any_file_is_not_a_problem(tmp_path: Path) -> None:
    """No intent__* file: the intent system is switched off; the CRM missing one extract is
    still a problem."""
    folder = tmp_path / "extracts"
    folder.mkdir()
    write_complete_folder(folder)
    (folder / "intent__signal.csv").unlink()
    plan = plan_load(folder)
    assert plan.problems == []
    assert any(note.startswith("No file of source system(s) ") and "intent" in note for note in plan.notes)
    (folder / "crm__task.csv").unlink()
    assert plan_load(folder).problems == [
        f"Missing required extract(s) in {folder}: crm__task (expected <extract>.csv or <extract>.parquet)."
    ]


def test_a_partly_present_system_names_what_is_missing() -> None:
    from abm_warehouse.extract_vars import partly_loaded_systems, systems_switched_off

    loaded = [name for name in CONTRACT if name not in ("linkedin_ads__campaign_stats", "intent__signal")]
    assert partly_loaded_systems(loaded, CONTRACT) == [
        "Source system linkedin_ads: missing extract(s) linkedin_ads__campaign_stats while "
        "linkedin_ads__campaign_history, linkedin_ads__member_company_stats is loaded. Add the file(s), "
        "or remove the system's files to build without it (expected <extract>.csv or <extract>.parquet)."
    ]
    assert systems_switched_off(loaded, CONTRACT) == ["intent"]
    complete = [name for name in CONTRACT if name != "intent__signal"]
    assert partly_loaded_systems(complete, CONTRACT) == []
