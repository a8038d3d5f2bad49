"""Which extracts a build reads: the dbt vars for the demo and for a user's extracts.

The demo extracts are seeded into the schema `abm_demo_extracts` and read only in demo mode
(`abm_demo: true`). A build of a user's extracts reads the schema they were loaded into
(`raw_schema`) and switches off every optional source system whose files are all absent
(`abm__using_<system>: false`, `enable_ai_search: false`), so a partial folder builds instead of
failing to compile. The same vars work from plain dbt (`dbt build --vars ...`).
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


class PartialSystemError(Exception):
    """Some but not all required extracts of a source system are present; `problems` says which."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


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
    """Optional source systems with no extract in `loaded` (names like ``web__event``).

    Raises:
        PartialSystemError: a system has some extracts but lacks a required one, or a required
            system (crm) has none; the message names the extracts to add.
    """
    loaded = set(loaded)
    by_system: dict[str, list[Extract]] = {}
    for extract in contract.values():
        by_system.setdefault(extract.source, []).append(extract)
    off: list[str] = []
    problems: list[str] = []
    for system, extracts in sorted(by_system.items()):
        present = [extract.name for extract in extracts if extract.name in loaded]
        missing = [extract.name for extract in extracts if extract.name not in loaded and not extract.optional]
        if not present and system not in REQUIRED_SYSTEMS:
            off.append(system)
        elif missing:
            problems.append(
                f"Source system {system}: missing extract(s) {', '.join(missing)}"
                + (f" while {', '.join(present)} is loaded" if present else "")
                + (". Add the file(s)" if system in REQUIRED_SYSTEMS else ". Add the file(s), or remove the system's files to build without it")
                + " (expected <extract>.csv or <extract>.parquet)."
            )
    if problems:
        raise PartialSystemError(problems)
    return off


def user_vars(schema: str, switched_off: Iterable[str] = ()) -> dict[str, Any]:
    """dbt vars of a build on a user's extracts loaded into `schema`."""
    variables: dict[str, Any] = {"abm_demo": False, "raw_schema": schema}
    for system in switched_off:
        variables[enable_var(system)] = False
    return variables


def vars_args(variables: Mapping[str, Any]) -> list[str]:
    """`--vars '<json>'` for a dbt command (empty when there is nothing to pass)."""
    return ["--vars", json.dumps(dict(variables), sort_keys=True)] if variables else []
