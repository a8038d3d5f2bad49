"""Gates: the checks a build must pass before it may publish (DuckDB builds).

A build can run green and still publish wrong numbers: an extract that arrived empty, a column
the KPIs read that was renamed upstream, a date format that quarantined every row. The gates
look for those before publishing, per extract, with thresholds from
`seeds/config/extract_gates.csv` (one row per extract; the row `*` holds the defaults):

Raw gates (`check_raw`, right after the load, before dbt):
- `rows_present`: an extract the KPIs depend on (`requires_rows`) holds no rows: stop.
- `kpi_column_present`: a column the KPIs read (`kpi_columns`) is absent from the file: stop;
  when the file has a column the contract does not know, the message names it as the likely
  new name of the absent one.
- `kpi_column_filled`: a column the KPIs read is null in every row: stop.

Built gates (`check_built`, after `dbt build`, or after a failed one to explain it):
- `reject_share`: rows rejected / rows read (deleted rows excluded): warn above
  `reject_warn_share` (default 1 %), stop above `reject_stop_share` (default 10 %). When one
  column's rule rejects more than the stop share, the stop is reported once as a column problem
  with an example raw value.
- `row_count`: rows read against the last published build of the same extracts source (its
  `audit.audit_build_gates`; a demo build is never compared with a build of a user's extracts):
  a drop larger than `max_row_drop_share` (default 50 %) stops.

Every result is echoed (with rows read and rejected per extract) and written to
`audit.audit_build_gates` in the build file, so the published warehouse carries the record of
the gates it passed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from abm_warehouse.contract import Extract, load_contract
from abm_warehouse.paths import project_dir

Echo = Callable[[str], None]

GATES_SEED = Path("seeds") / "config" / "extract_gates.csv"
DEFAULT_ROW = "*"
BUILT_IN_DEFAULTS = {
    "requires_rows": "false",
    "kpi_columns": "",
    "reject_warn_share": "0.01",
    "reject_stop_share": "0.10",
    "max_row_drop_share": "0.5",
}
GATE_TABLE = "audit.audit_build_gates"


@dataclass(frozen=True)
class GateSettings:
    """The thresholds of one extract (see `seeds/config/extract_gates.csv`)."""

    requires_rows: bool
    kpi_columns: tuple[str, ...]
    reject_warn_share: float
    reject_stop_share: float
    max_row_drop_share: float


@dataclass
class GateResult:
    """One gate on one extract (and column, when the gate is about a column)."""

    gate: str
    extract_name: str
    status: str
    """`pass`, `warn` or `stop`."""
    message: str
    column_name: str | None = None
    share: float | None = None
    example_value: str | None = None
    rows_read: int | None = None
    rows_rejected: int | None = None


@dataclass
class GateReport:
    """Every gate result of a build."""

    results: list[GateResult] = field(default_factory=list)

    @property
    def stops(self) -> list[GateResult]:
        """The results that stop the build."""
        return [result for result in self.results if result.status == "stop"]

    @property
    def warnings(self) -> list[GateResult]:
        """The results that only warn."""
        return [result for result in self.results if result.status == "warn"]


class GateStopped(Exception):
    """A gate stopped the build; the message lists every stop, one line each."""

    def __init__(self, stops: Sequence[GateResult]) -> None:
        self.stops = list(stops)
        super().__init__(
            f"{len(self.stops)} gate(s) stopped the build:\n" + "\n".join(f"  - {stop.message}" for stop in self.stops)
        )


DEMO_SOURCE = "demo"
"""A build of the demo extracts (`abm demo`, `abm build` without --extracts)."""
EXTRACTS_SOURCE = "extracts"
"""A build of a user's extracts."""

def _truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "t", "1", "yes", "y")


def read_settings(path: Path | None = None) -> dict[str, GateSettings]:
    """The gate settings by extract name, from a CSV shaped like the project's extract_gates seed.

    Args:
        path: the CSV file (default: `seeds/config/extract_gates.csv` of the project).

    The row `*` gives the defaults; an empty cell in an extract's row takes the default. Without
    the file every extract gets the built-in defaults (no KPI columns, no required rows).
    """
    path = path or project_dir() / GATES_SEED
    rows: dict[str, dict[str, str]] = {}
    if path.is_file():
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows[row["extract_name"].strip()] = {key: (value or "").strip() for key, value in row.items()}
    defaults = {**BUILT_IN_DEFAULTS, **{k: v for k, v in rows.pop(DEFAULT_ROW, {}).items() if v}}
    settings: dict[str, GateSettings] = {}
    for name in {*rows, DEFAULT_ROW}:
        merged = {**defaults, **{k: v for k, v in rows.get(name, {}).items() if v}}
        settings[name] = GateSettings(
            requires_rows=_truthy(merged["requires_rows"]),
            kpi_columns=tuple(column.strip().lower() for column in merged["kpi_columns"].split("|") if column.strip()),
            reject_warn_share=float(merged["reject_warn_share"]),
            reject_stop_share=float(merged["reject_stop_share"]),
            max_row_drop_share=float(merged["max_row_drop_share"]),
        )
    return settings


def _settings_for(settings: Mapping[str, GateSettings], extract_name: str) -> GateSettings:
    return settings.get(extract_name) or settings[DEFAULT_ROW]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _shorten(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_raw(
    database: Path,
    *,
    contract: Mapping[str, Extract] | None = None,
    settings: Mapping[str, GateSettings] | None = None,
    schema: str = "raw",
) -> GateReport:
    """Check the raw tables right after the load: empty extracts and absent or empty KPI columns."""
    import duckdb

    contract = contract if contract is not None else load_contract()
    settings = settings if settings is not None else read_settings()
    report = GateReport()
    with duckdb.connect(str(database), read_only=True) as connection:
        tables: dict[str, list[str]] = {}
        for table, column in connection.execute(
            "select table_name, column_name from information_schema.columns where table_schema = ? "
            "order by table_name, ordinal_position", [schema]
        ).fetchall():
            tables.setdefault(table, []).append(column.lower())
        for name, extract in contract.items():
            gate = _settings_for(settings, name)
            if name not in tables:
                continue  # not loaded: the loader already stopped, or noted an optional / allowed extract
            columns = tables[name]
            rows = connection.execute(f"select count(*) from {_quote(schema)}.{_quote(name)}").fetchone()[0]
            if gate.requires_rows:
                status = "stop" if rows == 0 else "pass"
                report.results.append(GateResult(
                    "rows_present", name, status,
                    f"Extract {name}: the file holds no data rows; the KPIs depend on it."
                    if rows == 0 else f"Extract {name}: {rows:,} rows.",
                    rows_read=rows,
                ))
            unknown = [column for column in columns if column not in extract.columns]
            for column in gate.kpi_columns:
                if column not in columns:
                    renamed = (
                        f" The file has column(s) the contract does not know: {', '.join(unknown)}; "
                        f"if one of them is {column} renamed, rename it back."
                        if unknown else ""
                    )
                    report.results.append(GateResult(
                        "kpi_column_present", name, "stop",
                        f"Extract {name}: column {column}, which the KPIs read, is absent (share 100 % null).{renamed}",
                        column_name=column, share=1.0, rows_read=rows,
                        example_value=", ".join(unknown) or None,
                    ))
                    continue
                if rows == 0:
                    continue
                filled = connection.execute(
                    f"select count({_quote(column)}) from {_quote(schema)}.{_quote(name)}"
                ).fetchone()[0]
                status = "stop" if filled == 0 else "pass"
                report.results.append(GateResult(
                    "kpi_column_filled", name, status,
                    f"Extract {name}: column {column}, which the KPIs read, is empty in all {rows:,} rows "
                    f"(share 100 % null, e.g. row 1: null)."
                    if filled == 0 else f"Extract {name}: column {column} filled in {filled:,} of {rows:,} rows.",
                    column_name=column, share=1 - filled / rows, rows_read=rows,
                ))
    return report


def _previous_counts(published: Path | None, source: str) -> dict[str, int]:
    """Rows read per extract in the last published build of the same extracts source (empty when
    there is none): the demo's counts say nothing about a user's extracts, nor the reverse."""
    import duckdb

    if published is None or not published.exists():
        return {}
    try:
        with duckdb.connect(str(published), read_only=True) as connection:
            rows = connection.execute(
                f"select extract_name, rows_read from {GATE_TABLE} "
                "where gate = 'reject_share' and extracts_source = ?",
                [source],
            ).fetchall()
    except duckdb.Error:
        return {}  # an older published file without the gate record, or one being replaced
    return {name: int(count) for name, count in rows if count is not None}


def check_built(
    database: Path,
    *,
    published: Path | None = None,
    settings: Mapping[str, GateSettings] | None = None,
    staging_schema: str = "staging",
    raw_schema: str = "raw",
    source: str = EXTRACTS_SOURCE,
) -> GateReport:
    """Check every base model of the build: its reject share and its row count against the last
    published build of the same `source` (DEMO_SOURCE or EXTRACTS_SOURCE). Base models are the
    views `staging.base_*` with `reject_reason`."""
    import duckdb

    settings = settings if settings is not None else read_settings()
    previous = _previous_counts(published, source)
    report = GateReport()
    with duckdb.connect(str(database), read_only=True) as connection:
        base_models = [row[0] for row in connection.execute(
            "select table_name from information_schema.columns where table_schema = ? "
            "and table_name like 'base%' and column_name = 'reject_reason' order by 1",
            [staging_schema],
        ).fetchall()]
        for model in base_models:
            relation = f"{_quote(staging_schema)}.{_quote(model)}"
            try:
                extract_rows = connection.execute(f"select distinct extract_name from {relation}").fetchall()
                counts = connection.execute(
                    f"select count(*), "
                    f"count(case when reject_reason is not null and not is_deleted_row then 1 end), "
                    f"count(case when is_deleted_row then 1 end) from {relation}"
                ).fetchone()
            except duckdb.Error:
                continue  # the view cannot be read (its raw table is absent): dbt reports it
            if not extract_rows:
                continue
            name = extract_rows[0][0]
            gate = _settings_for(settings, name)
            read, rejected, deleted = (int(value) for value in counts)
            live = read - deleted
            share = rejected / live if live else 0.0
            status = "stop" if share > gate.reject_stop_share else "warn" if share > gate.reject_warn_share else "pass"
            message = f"Extract {name}: {rejected:,} of {live:,} rows rejected ({share:.1%})."
            column = example = None
            if status != "pass":
                reason, reason_rows, row_number = connection.execute(
                    f"select reject_reason, count(*), min(_source_row_number) from {relation} "
                    f"where reject_reason is not null and not is_deleted_row group by 1 order by 2 desc, 1 limit 1"
                ).fetchone()
                rule, _, column = reason.partition(":")
                column = column or None
                example = _example_value(connection, raw_schema, name, column, row_number)
                shown = "null" if example is None else repr(example)
                reason_share = reason_rows / live
                if column and reason_share > gate.reject_stop_share:
                    message = (
                        f"Extract {name}, column {column}: {reason_rows:,} of {live:,} rows ({reason_share:.1%}) "
                        f"rejected as {rule}, e.g. {column} = {shown} (row {row_number}). A column mostly "
                        "unparseable: check its format (see `extract_formats` in the README)."
                    )
                else:
                    message += f" Most for {reason} ({reason_rows:,} rows)" + (
                        f", e.g. {column} = {shown} (row {row_number})." if column else f" (e.g. row {row_number})."
                    )
                if status == "stop":
                    message += f" Stop threshold: {gate.reject_stop_share:.0%}."
            report.results.append(GateResult(
                "reject_share", name, status, message, column_name=column, share=share,
                example_value=example, rows_read=read, rows_rejected=rejected,
            ))
            before = previous.get(name)
            if before:
                drop = (before - read) / before
                status = "stop" if drop > gate.max_row_drop_share else "pass"
                report.results.append(GateResult(
                    "row_count", name, status,
                    f"Extract {name}: {read:,} rows read against {before:,} in the last published build "
                    f"({'a drop of ' + format(drop, '.1%') if drop > 0 else 'no drop'}"
                    f"{'; stop threshold ' + format(gate.max_row_drop_share, '.0%') if status == 'stop' else ''}).",
                    share=max(drop, 0.0), rows_read=read, example_value=str(before),
                ))
    return report


def _example_value(connection: object, schema: str, extract_name: str, column: str | None, row_number: int) -> str | None:
    """The raw value of `column` at a raw row number (the numbering the base models use)."""
    import duckdb

    if not column:
        return None
    try:
        row = connection.execute(  # type: ignore[attr-defined]
            f"select {_quote(column)} from (select *, row_number() over () as _row from "
            f"{_quote(schema)}.{_quote(extract_name)}) where _row = ?", [row_number]
        ).fetchone()
    except duckdb.Error:
        return None
    return None if row is None or row[0] is None else _shorten(row[0])


def record(database: Path, report: GateReport, source: str = EXTRACTS_SOURCE) -> None:
    """Write the gate results to audit.audit_build_gates in the build file (replaced), each with
    the build's extracts source."""
    import duckdb

    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema if not exists audit")
        connection.execute(
            f"create or replace table {GATE_TABLE} (gate varchar, extract_name varchar, column_name varchar, "
            "status varchar, share double, rows_read bigint, rows_rejected bigint, example_value varchar, "
            "message varchar, extracts_source varchar)"
        )
        if not report.results:
            return
        connection.executemany(
            f"insert into {GATE_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r.gate, r.extract_name, r.column_name, r.status, r.share, r.rows_read, r.rows_rejected,
                 r.example_value, r.message, source)
                for r in report.results
            ],
        )


def format_report(report: GateReport) -> str:
    """Rows read and rejected per extract with the reject-share status, then every warning and stop."""
    shares = [result for result in report.results if result.gate == "reject_share"]
    lines: list[str] = []
    if shares:
        width = max(len("extract"), *(len(result.extract_name) for result in shares))
        lines.append(f"  {'extract':<{width}}  {'read':>9}  {'rejected':>9}  {'share':>7}  gate")
        for result in shares:
            lines.append(
                f"  {result.extract_name:<{width}}  {result.rows_read or 0:>9,}  {result.rows_rejected or 0:>9,}"
                f"  {result.share or 0:>7.1%}  {result.status}"
            )
    for result in report.results:
        if result.status != "pass":
            lines.append(f"  {result.status}: [{result.gate}] {result.message}")
    if not lines:
        lines.append(f"  {len(report.results)} gate(s) passed.")
    return "\n".join(lines)
