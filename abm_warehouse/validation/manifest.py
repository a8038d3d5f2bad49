"""What the dbt manifest says about each public mart: table, contract columns, grain, tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MART_SCHEMA = "marts"
SEGMENTS = ("tier_1", "tier_2", "tier_3", "non_target")
"""The four segments of the spec; a mart's own accepted_values test on `segment` narrows them."""


class ManifestError(Exception):
    """The manifest is missing."""


@dataclass(frozen=True)
class MartSpec:
    """One public mart as its contract and tests describe it."""

    name: str
    version: int | None
    table: str
    columns: tuple[str, ...]
    grain: tuple[str, ...]
    segments: tuple[str, ...] | None
    bounds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    kpi_units: dict[str, str] = field(default_factory=dict)
    """The unit of each KPI value column, as the mart's KPI declarations (meta.kpi_mart) give it."""

    @property
    def label(self) -> str:
        """`kpi_win_rate` or `kpi_win_rate v1` for a versioned mart."""
        return self.name if self.version is None else f"{self.name} v{self.version}"


def _tests_by_node(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    tests: dict[str, list[dict[str, Any]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata") and node.get("attached_node"):
            tests.setdefault(node["attached_node"], []).append(node)
    return tests


def _grain(tests: list[dict[str, Any]]) -> tuple[str, ...]:
    """The key columns: a unique_combination_of_columns test, else a column's unique test."""
    for test in tests:
        metadata = test["test_metadata"]
        if metadata["name"] == "unique_combination_of_columns":
            return tuple(metadata["kwargs"]["combination_of_columns"])
    for test in tests:
        if test["test_metadata"]["name"] == "unique" and test.get("column_name"):
            return (test["column_name"],)
    return ()


def _bounds(tests: list[dict[str, Any]]) -> dict[str, tuple[float | None, float | None]]:
    """Column bounds declared by the mart's own is_between tests."""
    bounds: dict[str, tuple[float | None, float | None]] = {}
    for test in tests:
        metadata = test["test_metadata"]
        if metadata["name"] == "is_between" and test.get("column_name"):
            kwargs = metadata["kwargs"]
            bounds[test["column_name"]] = (kwargs.get("min_value"), kwargs.get("max_value"))
    return bounds


def _segments(tests: list[dict[str, Any]], columns: tuple[str, ...]) -> tuple[str, ...] | None:
    if "segment" not in columns:
        return None
    for test in tests:
        if test["test_metadata"]["name"] == "accepted_values" and test.get("column_name") == "segment":
            return tuple(test["test_metadata"]["kwargs"]["values"])
    return SEGMENTS


def _kpi_units(node: dict[str, Any]) -> dict[str, str]:
    """{value column: unit} of the KPIs the mart declares (config.meta.kpi_mart.kpis)."""
    declared = (node["config"].get("meta") or {}).get("kpi_mart") or {}
    return {kpi["value"]: kpi["unit"] for kpi in declared.get("kpis") or [] if kpi.get("value")}


def load_manifest(path: Path) -> dict[str, Any]:
    """Read a dbt manifest.json."""
    if not path.is_file():
        raise ManifestError(f"no dbt manifest at {path} (run `dbt parse` or a build first)")
    return json.loads(path.read_text())


def public_marts(manifest: dict[str, Any]) -> list[MartSpec]:
    """Every enabled public model of the marts schema, sorted by name and version."""
    tests = _tests_by_node(manifest)
    marts = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        if node["schema"] != MART_SCHEMA or not node["config"].get("enabled", True):
            continue
        node_tests = tests.get(unique_id, [])
        columns = tuple(node["columns"])
        version = node.get("version")
        marts.append(
            MartSpec(
                name=node["name"],
                version=int(version) if version is not None else None,
                table=node.get("alias") or node["name"],
                columns=columns,
                grain=_grain(node_tests),
                segments=_segments(node_tests, columns),
                bounds=_bounds(node_tests),
                kpi_units=_kpi_units(node),
            )
        )
    return sorted(marts, key=lambda mart: (mart.name, mart.version or 0))
