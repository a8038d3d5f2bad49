"""Which extracts a build reads: the dbt vars for the demo and for a user's extracts.

The demo extracts are seeded into the schema `abm_demo_extracts` and read only in demo mode
(`abm_demo: true`). A build of a user's extracts reads the schema they were loaded into
(`raw_schema`) and switches off every optional source system whose files are all absent
(`abm__using_<system>: false`, `enable_ai_search: false`), so a folder without some systems builds
instead of failing to compile. A system with some of its extracts but not all (accepted by
`--allow-missing` only) is reported before the build. The same vars work from plain dbt (`dbt build --vars ...`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from abm_warehouse.contract import Extract

DEMO_SCHEMA = "abm_demo_extracts"
"""Where `dbt seed` loads the demo extracts; no var moves it, `abm load` refuses it."""

REQUIRED_SYSTEMS = ("crm",)
"""Source systems every KPI needs; the others can be switched off."""


class RefusedSchema(Exception):
    """A user's extracts may not be loaded into the demo schema, which `dbt seed` rewrites."""


def refuse_demo_schema(schema: str) -> None:
    """Raise RefusedSchema when `schema` is the demo extracts' schema."""
    if schema.strip().lower() == DEMO_SCHEMA:
        raise RefusedSchema(
            f"schema {DEMO_SCHEMA} holds the demo extracts and `dbt seed` replaces its tables; "
            "load your extracts into a schema of your own (e.g. --schema raw)."
        )


def enable_var(system: str) -> str:
    """The dbt var that switches a source system on or off."""
    return "enable_ai_search" if system == "ai_search" else f"abm__using_{system}"


def demo_vars() -> dict[str, Any]:
    """dbt vars of a demo build: read the demo extracts seeded into DEMO_SCHEMA."""
    return {"abm_demo": True}


def systems_switched_off(loaded: Iterable[str], contract: Mapping[str, Extract]) -> list[str]:
    """Optional source systems with no extract in `loaded` (names like ``web__event``)."""
    loaded = set(loaded)
    systems = sorted({extract.source for extract in contract.values()})
    return [
        system for system in systems
        if system not in REQUIRED_SYSTEMS
        and not any(extract.name in loaded for extract in contract.values() if extract.source == system)
    ]


def partly_loaded_systems(loaded: Iterable[str], contract: Mapping[str, Extract]) -> list[str]:
    """One sentence per source system that has some extracts but lacks a required one (or the
    CRM lacking any): such a build fails when dbt reads the missing table."""
    loaded = set(loaded)
    off = set(systems_switched_off(loaded, contract))
    problems: list[str] = []
    for system in sorted({extract.source for extract in contract.values()} - off):
        extracts = [extract for extract in contract.values() if extract.source == system]
        present = [extract.name for extract in extracts if extract.name in loaded]
        missing = [extract.name for extract in extracts if extract.name not in loaded and not extract.optional]
        if missing:
            problems.append(
                f"Source system {system}: missing extract(s) {', '.join(missing)}"
                + (f" while {', '.join(present)} is loaded" if present else "")
                + (". Add the file(s)" if system in REQUIRED_SYSTEMS
                   else ". Add the file(s), or remove the system's files to build without it")
                + " (expected <extract>.csv or <extract>.parquet)."
            )
    return problems


def user_vars(schema: str, switched_off: Iterable[str] = ()) -> dict[str, Any]:
    """dbt vars of a build on a user's extracts loaded into `schema`."""
    variables: dict[str, Any] = {"abm_demo": False, "raw_schema": schema}
    for system in switched_off:
        variables[enable_var(system)] = False
    return variables


def vars_args(variables: Mapping[str, Any]) -> list[str]:
    """`--vars '<json>'` for a dbt command (empty when there is nothing to pass)."""
    return ["--vars", json.dumps(dict(variables), sort_keys=True)] if variables else []
