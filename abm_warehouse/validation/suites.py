"""Expectation suites, one per public mart, derived from its contract and tests.

- the columns are exactly the contract's columns;
- the grain (unique / unique_combination_of_columns test) is unique and its columns non-null;
- each column's unit is its KPI declaration's (meta.kpi_mart) for a KPI value column, else the
  one its name announces (`_rate`, `_amount`): rates lie in [0, 1] unless the mart's own
  is_between test declares other bounds (net revenue retention may exceed 1); amounts, counts,
  scores and hours are >= 0 (except the differences listed in `specific`); other is_between
  bounds as the mart declares them;
- `segment` takes the mart's accepted values (the four segments by default);
- the row count equals the product of the inputs listed in `specific.EXPECTED_ROWS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from abm_warehouse.kpi_declarations import expected_unit
from abm_warehouse.validation.manifest import MartSpec
from abm_warehouse.validation.specific import (
    EXPECTED_ROWS,
    NULLABLE_KEY_COLUMNS,
    SIGNED_AMOUNT_COLUMNS,
    describe_factors,
)


NON_NEGATIVE_UNITS = frozenset({"amount", "amount_per_day", "count", "score", "hours"})


@dataclass(frozen=True)
class Check:
    """One expectation of a suite with the sentence a person reads in the report."""

    expectation: Any
    description: str


def _bounds(mart: MartSpec, column: str) -> tuple[float | None, float | None] | None:
    """A column's allowed range: the mart's is_between test, else what the column's unit allows.

    The unit is the KPI declaration's for a KPI value column (meta.kpi_mart), else the one the
    column's name announces (`_rate`, `_amount`). A rate is a fraction in [0, 1]; counts,
    scores, hours and amounts are >= 0; a ratio or a percentage has no default range.
    """
    declared = mart.bounds.get(column)
    unit = mart.kpi_units.get(column) or expected_unit(column)
    if unit == "rate":
        # The mart's own bounds win: net revenue retention may exceed 1.
        return declared if declared is not None else (0, 1)
    if unit in NON_NEGATIVE_UNITS and column not in SIGNED_AMOUNT_COLUMNS.get(mart.name, frozenset()):
        low, high = declared if declared is not None else (None, None)
        return (0 if low is None else max(0, low), high)
    return declared


def _range_text(low: float | None, high: float | None) -> str:
    if high is None:
        return f">= {low}"
    if low is None:
        return f"<= {high}"
    return f"in [{low}, {high}]"


def build_checks(mart: MartSpec, input_counts: dict[str, int]) -> list[Check]:
    """The checks of one mart; `input_counts` holds the values of `specific.INPUT_COUNTS`."""
    import great_expectations.expectations as gxe

    checks = [
        Check(
            gxe.ExpectTableColumnsToMatchSet(column_set=list(mart.columns), exact_match=True),
            f"columns are exactly the contract's {len(mart.columns)} columns",
        )
    ]
    if len(mart.grain) == 1:
        checks.append(Check(gxe.ExpectColumnValuesToBeUnique(column=mart.grain[0]), f"{mart.grain[0]} is unique"))
    elif mart.grain:
        checks.append(
            Check(
                gxe.ExpectCompoundColumnsToBeUnique(column_list=list(mart.grain)),
                f"one row per {' × '.join(mart.grain)}",
            )
        )
    nullable = NULLABLE_KEY_COLUMNS.get(mart.name, frozenset())
    for column in mart.grain:
        if column not in nullable:
            checks.append(Check(gxe.ExpectColumnValuesToNotBeNull(column=column), f"key {column} is never null"))
    for column in mart.columns:
        bounds = _bounds(mart, column)
        if bounds is None or bounds == (None, None):
            continue
        low, high = bounds
        checks.append(
            Check(
                gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high),
                f"{column} {_range_text(low, high)}",
            )
        )
    if mart.segments is not None:
        checks.append(
            Check(
                gxe.ExpectColumnValuesToBeInSet(column="segment", value_set=list(mart.segments)),
                f"segment in {', '.join(mart.segments)}",
            )
        )
    factors = EXPECTED_ROWS.get(mart.name)
    if factors is not None:
        expected = 1
        for factor in factors:
            expected *= factor if isinstance(factor, int) else input_counts[factor]
        values = " × ".join(str(f if isinstance(f, int) else input_counts[f]) for f in factors)
        checks.append(
            Check(
                gxe.ExpectTableRowCountToEqual(value=expected),
                f"{expected} rows = {describe_factors(factors)} ({values})",
            )
        )
    return checks
