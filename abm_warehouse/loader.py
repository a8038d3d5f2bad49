"""Load a folder of extract files (CSV or Parquet) into the raw schema, every column as text.

A file is named after the extract it holds: `crm__account.csv` or `crm__account.parquet`. The
extract contract (see `abm_warehouse.contract`) says which extracts and columns exist and which
are required. Every file is checked before anything is loaded, and every problem is reported
at once, naming the file, the extract and the column. The load itself replaces the raw tables
in one transaction, so a failed load leaves the previous raw tables as they were.

Text in, types later: the loader never guesses a type (an id `00123` stays `00123`); the
staging models parse and validate every value. An empty value, quoted or not, is null on
every engine.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from abm_warehouse.contract import Extract, load_contract
from abm_warehouse.spark_session import in_child, open_session, spark_dir

SUPPORTED_SUFFIXES = (".csv", ".parquet")
SUSPECT_DELIMITERS = {";": "semicolons (;)", "\t": "tabs", "|": "pipes (|)"}

Echo = Callable[[str], None]


class LoadError(Exception):
    """The folder cannot be loaded; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ExtractFile:
    """A file of the folder that holds a known extract, with the columns its header declares."""

    extract: Extract
    path: Path
    header: list[str] = field(default_factory=list)
    """Column names as written in the file."""

    @property
    def columns(self) -> list[str]:
        """Column names as loaded: trimmed and lower case."""
        return [_normalize(name) for name in self.header]

    @property
    def label(self) -> str:
        """`Extract crm__account (crm__account.csv)`: how messages name the file."""
        return f"Extract {self.extract.name} ({self.path.name})"


@dataclass
class LoadPlan:
    """What `plan_load` found: the files to load, notes for the user, and problems."""

    files: list[ExtractFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _normalize(name: str) -> str:
    return name.strip().lower()


def _read_csv_header(path: Path) -> list[str] | None:
    """The first row of a CSV file, or None when the file has no header row at all."""
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle)
        for row in reader:
            if any(cell.strip() for cell in row):
                return row
            return None
    return None


def _line_with_nul(path: Path, chunk_bytes: int = 16 * 1_048_576) -> int | None:
    """The line number of the first NUL byte of a file, or None (a fast scan in chunks)."""
    lines_before = 0
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            position = chunk.find(bytes(1))
            if position >= 0:
                return lines_before + chunk.count(b"\n", 0, position) + 1
            lines_before += chunk.count(b"\n")
    return None


def _read_parquet_header(path: Path) -> list[str]:
    import pyarrow.parquet as parquet

    return list(parquet.read_schema(path).names)


def _check_file(extract_file: ExtractFile, plan: LoadPlan) -> None:
    """Read the header of one file and add every contract problem to the plan."""
    path, label = extract_file.path, extract_file.label
    if path.suffix == ".csv":
        if path.stat().st_size == 0:
            plan.problems.append(f"{label}: the file is empty; expected a header row with the column names.")
            return
        header = _read_csv_header(path)
        if header is None:
            plan.problems.append(
                f"{label}: no header row; the first line must hold the column names."
            )
            return
        nul_line = _line_with_nul(path)
        if nul_line is not None:
            plan.problems.append(
                f"{label}: line {nul_line} contains NUL bytes; export the file as text (no engine stores them)."
            )
            return
        if len(header) == 1:
            for delimiter, described in SUSPECT_DELIMITERS.items():
                if delimiter in header[0]:
                    plan.problems.append(
                        f"{label}: looks like it is delimited by {described}; "
                        "the contract expects comma-separated CSV."
                    )
                    return
    else:
        try:
            header = _read_parquet_header(path)
        except Exception as error:  # pyarrow raises several types for unreadable files
            plan.problems.append(f"{label}: not a readable Parquet file ({error}).")
            return
    extract_file.header = header

    columns = extract_file.columns
    unnamed = [str(position) for position, name in enumerate(columns, start=1) if not name]
    if unnamed:
        plan.problems.append(f"{label}: column(s) at position {', '.join(unnamed)} have no name in the header.")
    duplicates = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicates:
        plan.problems.append(f"{label}: duplicate column(s) in the header: {', '.join(duplicates)}.")
    for column in extract_file.extract.required:
        if column not in columns:
            plan.problems.append(f"{label}: missing required column {column}")
    extra = [name for name in columns if name and name not in extract_file.extract.columns]
    if extra:
        plan.notes.append(f"{label}: columns not in the contract are ignored: {', '.join(extra)}")


def plan_load(
    folder: Path,
    contract: Mapping[str, Extract] | None = None,
    allow_missing: bool = False,
) -> LoadPlan:
    """Check a folder of extract files against the contract without loading anything.

    Args:
        folder: the folder holding `<extract>.csv` / `<extract>.parquet` files.
        contract: the extracts by name (default: read from the project's sources YAML).
        allow_missing: a required extract without a file is a note instead of a problem.

    Returns:
        The plan: files to load, notes (unknown files, extra columns, optional or allowed
        missing extracts) and problems (anything that makes the load fail).
    """
    contract = contract if contract is not None else load_contract()
    plan = LoadPlan()
    if not folder.is_dir():
        plan.problems.append(f"{folder}: not a folder.")
        return plan

    found: dict[str, ExtractFile] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        name = path.stem
        if name not in contract:
            plan.notes.append(
                f"Skipping {path.name}: no extract named {name!r} in the contract "
                "(files are named <extract>.csv or <extract>.parquet, e.g. crm__account.csv)."
            )
            continue
        if name in found:
            plan.problems.append(
                f"Extract {name}: two files hold it ({found[name].path.name} and {path.name}); keep one."
            )
            continue
        extract_file = ExtractFile(extract=contract[name], path=path)
        found[name] = extract_file
        _check_file(extract_file, plan)
    plan.files = list(found.values())

    missing = [extract for name, extract in contract.items() if name not in found]
    # a source system with no file at all (other than crm) is switched off, not missing
    present_systems = {extract_file.extract.source for extract_file in found.values()}
    absent_systems = sorted(
        {extract.source for extract in missing if extract.source not in present_systems and extract.source != "crm"}
    )
    missing = [extract for extract in missing if extract.source not in absent_systems]
    missing_required = [extract.name for extract in missing if not extract.optional]
    missing_optional = [extract.name for extract in missing if extract.optional]
    if absent_systems and found:
        plan.notes.append(
            f"No file of source system(s) {', '.join(absent_systems)}: `abm build` switches them off "
            "(the KPIs that need them leave the scorecard)."
        )
    if missing_required:
        message = (
            f"Missing required extract(s) in {folder}: {', '.join(missing_required)} "
            "(expected <extract>.csv or <extract>.parquet)."
        )
        if allow_missing:
            plan.notes.append(message.replace("Missing required", "Not loaded (--allow-missing): required"))
        else:
            plan.problems.append(message)
    if missing_optional:
        plan.notes.append(f"Optional extract(s) not in the folder: {', '.join(missing_optional)}.")
    return plan


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


OVERFLOW_COLUMN = "_abm_overflow_field"
NOT_A_NULL = "\x01abm: no null marker\x01"


def _duckdb_count_long_rows(extract_file: ExtractFile) -> str:
    """A DuckDB query counting the CSV rows with more fields than the header.

    DuckDB reading with the header's columns drops a row's extra fields without a word (a value
    with an unquoted comma would shift every later column), so the load reads the file again
    with one more column and counts the rows that fill it.
    """
    return f"select count({OVERFLOW_COLUMN}) from ({_duckdb_select_as_text(extract_file, overflow=True)})"


def _duckdb_select_as_text(extract_file: ExtractFile, overflow: bool = False) -> str:
    """A DuckDB query reading the file with every column as text (empty values are null)."""
    path = _literal(str(extract_file.path.resolve()))
    if extract_file.path.suffix == ".csv":
        names = extract_file.columns + ([OVERFLOW_COLUMN] if overflow else [])
        columns = ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in names)
        if overflow:
            return (
                f"select * from read_csv({path}, header = true, auto_detect = false, delim = ',', "
                f"quote = '\"', escape = '\"', columns = {{{columns}}}, all_varchar = true, null_padding = true, "
                # empty values stay '' so an empty extra field still counts; only padding is null
                f"nullstr = {_literal(NOT_A_NULL)})"
            )
        # No sniffing: the contract fixes the dialect, and all_varchar keeps every value as text.
        return (
            f"select * from read_csv({path}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"', columns = {{{columns}}}, all_varchar = true)"
        )
    casts = ", ".join(
        f"nullif(cast({_quote(original)} as varchar), '') as {_quote(name)}"
        for original, name in zip(extract_file.header, extract_file.columns)
    )
    return f"select {casts} from read_parquet({path})"


def _load_duckdb(files: list[ExtractFile], database: Path, schema: str) -> dict[str, int]:
    import duckdb

    database.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with duckdb.connect(str(database)) as connection:
        connection.execute("begin transaction")
        try:
            connection.execute(f"create schema if not exists {_quote(schema)}")
            for extract_file in files:
                table = f"{_quote(schema)}.{_quote(extract_file.extract.name)}"
                try:
                    connection.execute(
                        f"create or replace table {table} as {_duckdb_select_as_text(extract_file)}"
                    )
                except duckdb.Error as error:
                    raise LoadError([_unreadable_file_message(extract_file, error)]) from error
                if extract_file.path.suffix == ".csv":
                    long_rows = connection.execute(_duckdb_count_long_rows(extract_file)).fetchone()[0]
                    if long_rows:
                        cause = diagnose_csv(extract_file.path, len(extract_file.header))
                        raise LoadError([
                            f"{extract_file.label}: could not be read: "
                            + (cause or f"{long_rows} row(s) have more fields than the header.")
                        ])
                counts[extract_file.extract.name] = connection.execute(f"select count(*) from {table}").fetchone()[0]
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
    return counts


NUL = bytes(1)
DUCKDB_MAX_LINE_BYTES = 2_097_152
"""DuckDB's read_csv reads lines up to 2 MB (its max_line_size default)."""


def _unreadable_file_message(extract_file: ExtractFile, error: BaseException) -> str:
    """Why a file could not be read: the cause found by `diagnose_csv`, else the engine's words."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    cause = diagnose_csv(extract_file.path, len(extract_file.header)) if extract_file.path.suffix == ".csv" else None
    if cause:
        return f"{extract_file.label}: could not be read: {cause}"
    return f"{extract_file.label}: could not be read: {first_line}"


def diagnose_csv(path: Path, header_fields: int, max_line_bytes: int = DUCKDB_MAX_LINE_BYTES) -> str | None:
    """The first reason a CSV file breaks the contract's dialect, in words, or None.

    Checks, in file order: bytes that are not UTF-8 (e.g. latin-1), NUL bytes, a line longer
    than the engine reads, then (parsing quotes) a quote that is never closed and a row whose
    number of fields differs from the header's. Line numbers count physical lines from 1.
    """
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if len(line) > max_line_bytes:
                return (
                    f"line {number} is {len(line) / 1_048_576:.1f} MB long; lines of up to "
                    f"{max_line_bytes // 1_048_576} MB are read (a value that large is not an extract column)."
                )
            if NUL in line:
                return f"line {number} contains NUL bytes (at byte {line.index(NUL) + 1}); export the file as text."
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as decode_error:
                byte = line[decode_error.start]
                return (
                    f"line {number} holds bytes that are not UTF-8 (0x{byte:02x} at byte {decode_error.start + 1}, "
                    f"{line[max(decode_error.start - 12, 0):decode_error.start + 12]!r}); the contract expects UTF-8: "
                    "re-export the file as UTF-8 (it looks like latin-1 / Windows-1252)."
                )
    with path.open(newline="", encoding="utf-8-sig") as text:
        reader = csv.reader(text, strict=True)
        try:
            for row in reader:
                if reader.line_num == 1 or not any(cell.strip() for cell in row):
                    continue
                if len(row) != header_fields:
                    return (
                        f"line {reader.line_num} has {len(row)} field(s) where the header has {header_fields} "
                        "(a ragged row: a missing or extra comma, or a value with a comma that is not quoted)."
                    )
        except csv.Error as parse_error:
            return (
                f"a quote opened before line {reader.line_num} is never closed, or a quote stands inside an "
                f"unquoted value ({parse_error}); quote values with \"...\" and double any quote inside them."
            )
    return None


def postgres_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """psycopg2 connection settings from the ABM_PG_* variables that profiles.yml reads."""
    environ = os.environ if environ is None else environ
    return {
        "host": environ.get("ABM_PG_HOST", "127.0.0.1"),
        "port": int(environ.get("ABM_PG_PORT", "5432")),
        "user": environ.get("ABM_PG_USER", "postgres"),
        "password": environ.get("ABM_PG_PASSWORD", ""),
        "dbname": environ.get("ABM_PG_DATABASE", "abm"),
    }


def _parquet_to_csv(extract_file: ExtractFile, out: Path) -> None:
    """Convert a Parquet file to a text-only CSV with DuckDB, as the DuckDB load would cast it."""
    import duckdb

    with duckdb.connect() as connection:
        connection.execute(
            f"copy ({_duckdb_select_as_text(extract_file)}) to {_literal(str(out))} (format csv, header true)"
        )


def _load_postgres(
    files: list[ExtractFile], schema: str, environ: Mapping[str, str] | None
) -> dict[str, int]:
    import psycopg2

    from abm_warehouse.connection import connect_postgres

    connection = connect_postgres(environ)  # ConnectionProblem names the setting to check
    counts: dict[str, int] = {}
    try:
        with connection, connection.cursor() as cursor, tempfile.TemporaryDirectory() as scratch:
            cursor.execute(f"create schema if not exists {_quote(schema)}")
            for extract_file in files:
                table = f"{_quote(schema)}.{_quote(extract_file.extract.name)}"
                columns = ", ".join(_quote(name) for name in extract_file.columns)
                cursor.execute(f"drop table if exists {table} cascade")
                cursor.execute(
                    f"create table {table} ({', '.join(f'{_quote(n)} text' for n in extract_file.columns)})"
                )
                source = extract_file.path
                if source.suffix == ".parquet":
                    source = Path(scratch) / f"{extract_file.extract.name}.csv"
                    _parquet_to_csv(extract_file, source)
                copy = (
                    f"copy {table} ({columns}) from stdin "
                    f"with (format csv, header true, force_null ({columns}))"
                )
                with source.open(encoding="utf-8-sig", newline="") as handle:
                    try:
                        cursor.copy_expert(copy, handle)
                    except psycopg2.DataError as error:
                        raise LoadError([_unreadable_file_message(extract_file, error)]) from error
                counts[extract_file.extract.name] = cursor.rowcount
    finally:
        connection.close()
    return counts


def _load_spark(
    files: list[ExtractFile], schema: str, environ: Mapping[str, str] | None
) -> dict[str, int]:
    """Load into a local Spark session's catalog, configured like the dbt `spark` target.

    The load runs in a child process (see abm_warehouse.spark_session).
    """
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise LoadError(
            ["Spark target: pyspark is not installed (pip install -r requirements-spark.txt -c constraints.txt)."]
        ) from error
    outcome, payload = in_child(_load_spark_in_this_process, files, schema, str(spark_dir(environ)))
    if outcome == "error":
        raise LoadError(payload)
    return payload


def _load_spark_in_this_process(
    files: list[ExtractFile], schema: str, folder_name: str
) -> tuple[str, Any]:
    from pyspark.sql import functions

    spark = open_session(Path(folder_name), "abm-load")
    counts: dict[str, int] = {}
    try:
        spark.sql(f"create database if not exists {schema}")
        for extract_file in files:
            path = str(extract_file.path.resolve())
            if extract_file.path.suffix == ".csv":
                # No schema inference: every value stays text, as on the other engines.
                frame = spark.read.csv(path, header=True, quote='"', escape='"', inferSchema=False)
            else:
                frame = spark.read.parquet(path)
            frame = frame.select(
                *(
                    functions.when(functions.col(f"`{original}`").cast("string") == "", None)
                    .otherwise(functions.col(f"`{original}`").cast("string"))
                    .alias(name)
                    for original, name in zip(frame.columns, extract_file.columns)
                )
            )
            table = f"{schema}.{extract_file.extract.name}"
            spark.sql(f"drop table if exists {table}")
            frame.write.mode("overwrite").saveAsTable(table)
            counts[extract_file.extract.name] = spark.table(table).count()
    except Exception as error:  # reported to the parent process as a load problem
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return "error", [f"Spark load failed: {first_line}"]
    finally:
        spark.stop()
    return "ok", counts


def load_folder(
    folder: Path,
    *,
    target: str = "duckdb",
    database: Path | None = None,
    schema: str = "raw",
    allow_missing: bool = False,
    environ: Mapping[str, str] | None = None,
    echo: Echo = print,
) -> dict[str, int]:
    """Check and load every extract file of a folder into the raw schema, all columns as text.

    Args:
        folder: the folder of `<extract>.csv` / `<extract>.parquet` files.
        target: `duckdb` (a file), `postgres` (ABM_PG_* settings) or `spark` (a local session
            whose catalog lives in ABM_SPARK_DIR).
        database: the DuckDB file (required for target duckdb).
        schema: the raw schema the tables are written to (replaced when they exist).
        allow_missing: load a partial folder (required extracts may be absent).
        environ: where the ABM_PG_* settings come from (default: os.environ).
        echo: where notes, warnings and the summary are written.

    Returns:
        Rows loaded per extract.

    Raises:
        LoadError: the folder breaks the contract or a file cannot be read; nothing is loaded.
    """
    plan = plan_load(folder, allow_missing=allow_missing)
    for note in plan.notes:
        echo(f"note: {note}")
    if plan.problems:
        raise LoadError(plan.problems)
    if not plan.files:
        raise LoadError([f"{folder}: no extract files to load (expected <extract>.csv or <extract>.parquet)."])

    if target == "duckdb":
        if database is None:
            raise ValueError("target duckdb needs a database file")
        counts = _load_duckdb(plan.files, database, schema)
        where = f"{database} (schema {schema})"
    elif target == "postgres":
        counts = _load_postgres(plan.files, schema, environ)
        settings = postgres_settings(environ)
        where = f"PostgreSQL {settings['host']}:{settings['port']}/{settings['dbname']} (schema {schema})"
    elif target == "spark":
        counts = _load_spark(plan.files, schema, environ)
        where = f"Spark catalog in {spark_dir(environ)} (schema {schema})"
    else:
        raise ValueError(f"unknown target {target!r}; expected duckdb, postgres or spark")

    for name, count in counts.items():
        if count == 0:
            echo(f"warning: Extract {name}: the file has a header but no data rows; loaded an empty table.")
    echo(format_summary(counts, where))
    return counts


def format_summary(counts: Mapping[str, int], where: str) -> str:
    """A two-column table of rows loaded per extract, with a total line."""
    width = max([len("extract"), *(len(name) for name in counts)])
    lines = [f"Loaded {len(counts)} extract(s) into {where}:", f"  {'extract':<{width}}  {'rows loaded':>11}"]
    lines += [f"  {name:<{width}}  {count:>11,}" for name, count in counts.items()]
    lines.append(f"  {'total':<{width}}  {sum(counts.values()):>11,}")
    return "\n".join(lines)
