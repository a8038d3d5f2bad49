"""A user's session with the project, step by step, recording the user's raw tables after each.

From a fresh clone: the user loads their extracts (the fixture extracts) with `abm load`, into
`raw` (its default) and into `landed` (standing for a loader's schema), then runs every
documented command sequence in turn:

1. `dbt seed` then `dbt build`: the README's plain dbt path, which builds the demo (unit tests
   included) and must pass the first time;
2. `dbt source freshness`;
3. `dbt build --vars '{raw_schema: landed}'`: the README's path for a loader's schema;
4. `abm demo --skip-tests` (the main job's build of the demo; its tests are the plain dbt
   build's above);
5. `abm build --extracts <folder>` with a folder lacking the intent extract (a partial folder:
   the intent system is switched off);
6. the package install, in a host dbt project (see host_project.py).

The fingerprint of every table in `raw` and `landed` is taken before and after each step.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.clone import fresh_clone, run, schema_fingerprint
from support.warehouse import gates_file_with_defaults

USER_SCHEMAS = ("raw", "landed")


@dataclass
class UserProject:
    """What the session left behind, for the tests to check."""

    root: Path
    database: Path
    """warehouse/abm_build.duckdb: the file plain dbt builds and `abm load` loads by default."""
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """step -> schema -> table -> fingerprint."""
    demo_database: Path | None = None
    """A copy of the file after the plain `dbt seed` + `dbt build` (the demo)."""
    demo_run_results: dict[str, Any] = field(default_factory=dict)
    freshness: dict[str, Any] = field(default_factory=dict)
    standalone: Path | None = None
    """warehouse/abm.duckdb published by `abm build` of the extracts without intent."""
    outputs: dict[str, str] = field(default_factory=dict)


def _fingerprints(database: Path) -> dict[str, dict[str, str]]:
    return {schema: schema_fingerprint(database, schema) for schema in USER_SCHEMAS}


def run_user_session(root: Path, extracts: Path) -> UserProject:
    """Clone, load the user's extracts, run every documented sequence; see the module doc."""
    project = fresh_clone(root / "project")
    database = project / "warehouse" / "abm_build.duckdb"
    run(project, ["abm", "load", str(extracts)])
    run(project, ["abm", "load", str(extracts), "--schema", "landed"])
    session = UserProject(root=project, database=database, before=_fingerprints(database))

    def step(name: str, command: list[str]) -> None:
        completed = run(project, command)
        session.outputs[name] = completed.stdout + completed.stderr
        session.after[name] = _fingerprints(database)

    step("dbt seed", ["dbt", "seed"])
    step("dbt build", ["dbt", "build"])
    session.demo_run_results = json.loads((project / "target" / "run_results.json").read_text())
    demo_copy = root / "demo" / database.name  # same file name: DuckDB names the catalog after it
    demo_copy.parent.mkdir()
    shutil.copy(database, demo_copy)
    session.demo_database = demo_copy

    step("dbt source freshness", ["dbt", "source", "freshness"])
    session.freshness = json.loads((project / "target" / "sources.json").read_text())
    step("dbt build --vars '{raw_schema: landed}'", ["dbt", "build", "--vars", "{raw_schema: landed}"])

    step("abm demo", ["abm", "demo", "--skip-tests"])

    partial = root / "extracts_without_intent"
    shutil.copytree(extracts, partial, ignore=shutil.ignore_patterns("intent__*"))
    # the fixture is dirty on purpose: its reject shares pass the gates with a raised stop share
    gates = gates_file_with_defaults(root / "gates.csv", reject_stop_share="0.6")
    step("abm build --extracts (no intent file)",
         ["abm", "build", "--extracts", str(partial), "--skip-tests", "--gates", str(gates)])
    session.standalone = project / "warehouse" / "abm.duckdb"
    return session
