"""Comparing query results across engines (DuckDB, PostgreSQL, Spark)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def comparable(rows: list[tuple[Any, ...]], digits: int = 4) -> list[tuple[Any, ...]]:
    """Rows with numbers rounded to `digits` decimal places and 9 significant digits (engines
    sum floats in different orders), dates as ISO text, in a stable order."""

    def cell(value: Any) -> Any:
        if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
            return value
        if isinstance(value, (float, Decimal)):
            return float(f"{round(float(value), digits):.9g}")
        return str(value)

    return sorted((tuple(cell(value) for value in row) for row in rows), key=repr)
