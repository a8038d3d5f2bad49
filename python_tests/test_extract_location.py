"""Where the sources read: demo mode reads abm_demo_extracts, any schema var points every
system at the user's tables, and the inline rule of the sources YAML agrees with the macro."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from abm_warehouse.contract import load_contract
from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.extract_vars import vars_args
from abm_warehouse.paths import project_dir
from support.warehouse import Warehouse

ROOT = project_dir()
DEMO_RULE = re.compile(r"project_name == 'abm_kpi_warehouse' and var\('abm_demo', \((.*?)\) is none\)")


def _rules() -> dict[str, str]:
    """The demo-mode expression of every sources file and staging unit-test file."""
    files = [*ROOT.glob("models/staging/*/_*__sources.yml"), *ROOT.glob("models/staging/*/_*__unit_tests.yml")]
    found: dict[str, str] = {}
    for path in files:
        for match in DEMO_RULE.finditer(path.read_text()):
            found[f"{path.relative_to(ROOT)}:{match.start()}"] = match.group(1)
    return found


def test_every_file_uses_the_same_demo_rule_naming_every_system() -> None:
    rules = _rules()
    # 8 sources files × 2 (schema and database) + one per staging unit test (32)
    assert len(rules) == 8 * 2 + 32
    assert len(set(rules.values())) == 1
    named = re.findall(r"var\('(\w+)_schema', none\)", next(iter(rules.values())))
    macro = (ROOT / "macros/extracts/extract_location.sql").read_text()
    systems = re.search(r"abm_source_systems\(\) -%}\s*{{ return\((\[.*?\])\) }}", macro).group(1)
    assert named == ["raw", *json.loads(systems.replace("'", '"'))]
    assert sorted(named[1:]) == sorted({extract.source for extract in load_contract().values()})


def _sources(tmp_path: Path, variables: dict[str, object]) -> dict[str, tuple[str, str]]:
    target = tmp_path / "target"
    run_dbt(["parse", *vars_args(variables)], dbt_environment(target_path=target, log_path=tmp_path / "logs"))
    manifest = json.loads((target / "manifest.json").read_text())
    return {f"{node['source_name']}.{node['name']}": (node["schema"], node["identifier"])
            for node in manifest["sources"].values()}


@pytest.mark.slow
def test_one_schema_var_leaves_demo_mode_for_every_system(tmp_path: Path) -> None:
    """(Demo mode itself, reading abm_demo_extracts, is checked on the plain-dbt demo build in
    test_user_warehouse.py.)"""
    # one per-system var leaves demo mode for every system: the others read raw_schema's default
    user = _sources(tmp_path / "user", {"crm_schema": "salesforce", "crm_account_identifier": "account"})
    assert user["crm.account"] == ("salesforce", "account")
    assert user["crm.opportunity"] == ("salesforce", "crm__opportunity")
    assert user["web.event"] == ("raw", "web__event")


@pytest.mark.slow
def test_freshness_warns_and_fails_only_past_a_configured_threshold(
    fixture_warehouse: Warehouse, tmp_path: Path
) -> None:
    """The fixture's extracts end on 2026-03-31, months before any run of this test: every
    timed source is past the 2-day warning. With abm_freshness_error_after_days set to 1 the
    same sources are errors and the build step raises, naming them."""
    import shutil

    from abm_warehouse.build import StaleSources, report_freshness
    from abm_warehouse.extract_vars import user_vars

    database = tmp_path / "copy" / fixture_warehouse.path.name
    database.parent.mkdir()
    shutil.copy(fixture_warehouse.path, database)
    environment = dbt_environment(duckdb_path=database, target_path=tmp_path / "target", log_path=tmp_path / "logs")
    lines: list[str] = []
    # the fixture build switched nothing off; all 21 timed sources are checked
    counts = report_freshness(environment, user_vars("raw"), [], lines.append)
    assert counts == {"warn": 21}
    assert lines[-1] == "freshness: 21 warn"
    with pytest.raises(StaleSources) as raised:
        report_freshness(environment, {**user_vars("raw"), "abm_freshness_error_after_days": 1}, [], lines.append)
    assert "extract(s) older than abm_freshness_error_after_days: " in str(raised.value)
    assert "crm.account" in str(raised.value) and "web.event" in str(raised.value)
