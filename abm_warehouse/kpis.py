"""A short, readable summary of a published warehouse: extract reconciliation and latest KPIs.

The file is opened read-only in a short-lived connection: any number of readers (this command,
BI tools, notebooks) can share it, and the builder never writes it (it replaces it atomically).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

RECONCILIATION = ("audit", "audit_extract_reconciliation")
SCORECARD = ("marts", "kpi_scorecard")
SCORECARD_COLUMNS = ("kpi_id", "period_start_date", "segment", "value", "status")


class KpiError(Exception):
    """The warehouse file cannot be read."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as an aligned text table (numbers right-aligned)."""
    cells = [[_cell(value) for value in row] for row in rows]
    numeric = [
        all(isinstance(row[index], int | float | Decimal) or row[index] is None for row in rows) and bool(rows)
        for index in range(len(columns))
    ]
    widths = [max([len(name), *(len(row[index]) for row in cells)]) for index, name in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric)
        ).rstrip()

    separator = "  ".join("-" * width for width in widths)
    return "\n".join([line(columns), separator, *(line(row) for row in cells)])


def _columns_of(connection: Any, schema: str, table: str) -> list[str]:
    rows = connection.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [row[0] for row in rows]


def summarize(database: Path, *, max_scorecard_rows: int = 60) -> str:
    """The summary text of a warehouse file.

    Args:
        database: the DuckDB file (normally the published warehouse/abm.duckdb).
        max_scorecard_rows: how many scorecard rows to show at most.

    Raises:
        KpiError: the file does not exist or cannot be opened read-only.
    """
    import duckdb

    if not database.is_file():
        raise KpiError(f"No warehouse at {database}. Build it first: `abm build` (or `abm demo`).")
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise KpiError(f"Cannot open {database} read-only: {error}") from error

    sections = [f"Warehouse: {database}"]
    with connection:
        schema, table = RECONCILIATION
        columns = _columns_of(connection, schema, table)
        if not columns:
            sections.append(f"Extract reconciliation: {schema}.{table} does not exist yet (skipped).")
        else:
            rows = connection.execute(f"select * from {schema}.{table} order by 1").fetchall()
            sections.append(
                "Extract reconciliation (rows read = kept + rejected + deleted):\n" + format_table(columns, rows)
            )

        headline = _executive_summary(connection)
        if headline:
            sections.append(headline)

        schema, table = SCORECARD
        columns = _columns_of(connection, schema, table)
        missing = [name for name in SCORECARD_COLUMNS if name not in columns]
        if not columns:
            sections.append(f"KPI scorecard: {schema}.{table} does not exist yet (skipped).")
        elif missing:
            sections.append(f"KPI scorecard: {schema}.{table} lacks column(s) {', '.join(missing)} (skipped).")
        else:
            # The breakdown (funnel stage, channel, engine) where the scorecard has one.
            shown_columns = list(SCORECARD_COLUMNS)
            if "dimension" in columns:
                shown_columns.insert(shown_columns.index("segment") + 1, "dimension")
            selected = ", ".join(shown_columns)
            rows = connection.execute(
                f"""
                with latest as (
                    select kpi_id, max(period_start_date) as period_start_date
                    from {schema}.{table}
                    group by kpi_id
                )
                select {', '.join(f'scorecard.{name}' for name in shown_columns)}
                from {schema}.{table} as scorecard
                inner join latest
                    on scorecard.kpi_id = latest.kpi_id
                    and scorecard.period_start_date = latest.period_start_date
                order by scorecard.kpi_id, scorecard.segment{', scorecard.dimension' if 'dimension' in shown_columns else ''}
                limit {int(max_scorecard_rows) + 1}
                """
            ).fetchall()
            shown = rows[:max_scorecard_rows]
            text = f"KPI scorecard, latest period of each KPI:\n{format_table(shown_columns, shown)}"
            if len(rows) > max_scorecard_rows:
                text += f"\n(first {max_scorecard_rows} rows; query {schema}.{table} for all, e.g. select {selected} ...)"
            sections.append(text)
    return "\n\n".join(sections)


def _executive_summary(connection: Any) -> str | None:
    """"We invested X, created Y pipeline and returned Z %": the last complete quarter of ABM ROI."""
    if not _columns_of(connection, "marts", "kpi_abm_roi"):
        return None
    row = connection.execute(
        """
        with quarters as (
            select
                date_trunc('quarter', month_start_date) as quarter_start_date,
                count(*) as months,
                bool_and(is_complete) as is_complete,
                sum(abm_cost_amount) as cost,
                sum(abm_pipeline_created_amount) as pipeline,
                sum(abm_sourced_revenue_amount) as revenue
            from marts.kpi_abm_roi
            group by 1
        )
        select quarter_start_date, cost, pipeline, revenue
        from quarters
        where is_complete and months = 3
        order by quarter_start_date desc
        limit 1
        """
    ).fetchone()
    if row is None or not row[1]:
        return None
    quarter_start, cost, pipeline, revenue = row
    quarter = f"{quarter_start.year}-Q{(quarter_start.month - 1) // 3 + 1}"
    roi = (revenue - cost) / cost * 100
    return (
        f"Executive summary, {quarter} (last complete quarter, reporting currency): "
        f"ABM cost {cost:,.0f}; pipeline created at target accounts {pipeline:,.0f}; "
        f"ABM-sourced revenue {revenue:,.0f}; ROI {roi:.1f} %."
    )
