"""House conventions checked by dbt-score (rules: abm_warehouse/conventions/rules.py, config:
[tool.dbt-score] in pyproject.toml): the real project passes, planted violations fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from abm_warehouse.conventions.versioning import version_file
from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.paths import project_dir

pytestmark = pytest.mark.slow

RULES = "abm_warehouse.conventions.rules."
PACKAGE = "abm_kpi_warehouse"


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt parse` of the real project into a temporary target directory."""
    target = tmp_path_factory.mktemp("conventions") / "target"
    run_dbt(["parse"], dbt_environment(target_path=target, log_path=target.parent / "logs"))
    return target / "manifest.json"


def lint(manifest: Path) -> tuple[int, dict[str, Any], str]:
    """Run `dbt-score lint` from the project (its pyproject.toml); exit code, JSON, stderr."""
    completed = subprocess.run(
        [sys.executable, "-m", "dbt_score", "lint", "--manifest", str(manifest), "--format", "json"],
        cwd=project_dir(), capture_output=True, text=True, timeout=300,
    )
    report = json.loads(completed.stdout) if completed.stdout.strip().startswith("{") else {}
    return completed.returncode, report, completed.stderr


def violations(report: dict[str, Any], manifest: dict[str, Any]) -> set[tuple[str, str]]:
    """(model name, rule name) of every failed rule."""
    names = {unique_id: node["name"] for unique_id, node in manifest["nodes"].items()}
    found = set()
    for unique_id, evaluable in report["evaluables"].items():
        for rule, result in evaluable["results"].items():
            if result["result"] != "OK":
                found.add((names.get(unique_id, unique_id), rule.removeprefix(RULES)))
    return found


def test_real_project_follows_the_conventions(manifest_path: Path) -> None:
    code, report, stderr = lint(manifest_path)
    assert report, stderr
    assert violations(report, json.loads(manifest_path.read_text())) == set()
    assert code == 0, stderr


def _model(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    return next(
        node for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] == name
    )


def test_planted_violations_fail(manifest_path: Path, tmp_path: Path) -> None:
    manifest = json.loads(manifest_path.read_text())
    # a KPI mart without the kpi_ prefix
    _model(manifest, "kpi_deal_size")["name"] = "deal_size_summary"
    # a public mart whose contract is not enforced
    _model(manifest, "kpi_win_rate")["config"]["contract"]["enforced"] = False
    # a staging model made public
    _model(manifest, "stg_crm__accounts")["access"] = "public"
    # an intermediate model reading a source and a mart
    calendar = _model(manifest, "int_calendar_weeks")
    calendar["depends_on"]["nodes"] += [f"source.{PACKAGE}.crm.account", _model(manifest, "dim_accounts")["unique_id"]]
    # an undescribed mart with an undescribed column, in no group
    accounts = _model(manifest, "dim_accounts")
    accounts["description"] = ""
    accounts["group"] = None
    next(iter(accounts["columns"].values()))["description"] = ""
    # a KPI mart reading staging and an intermediate model; a core mart reading staging
    win_rate = _model(manifest, "kpi_win_rate")
    win_rate["depends_on"]["nodes"] += [
        _model(manifest, "int_opportunities_segmented")["unique_id"],
    ]
    _model(manifest, "fct_opportunities")["depends_on"]["nodes"] += [
        _model(manifest, "stg_crm__opportunities")["unique_id"],
    ]
    # a model whose primary-key test was dropped
    months = _model(manifest, "int_calendar_months")["unique_id"]
    manifest["nodes"] = {
        unique_id: node for unique_id, node in manifest["nodes"].items()
        if not (node["resource_type"] == "test" and node.get("attached_node") == months
                and node["test_metadata"]["name"] == "unique")
    }
    planted = tmp_path / "manifest.json"
    planted.write_text(json.dumps(manifest))

    code, report, stderr = lint(planted)
    assert code == 1, stderr
    assert violations(report, manifest) >= {
        ("deal_size_summary", "model_name_matches_layer"),
        ("kpi_win_rate", "public_model_has_contract"),
        ("stg_crm__accounts", "only_marts_are_public"),
        ("int_calendar_weeks", "sources_only_in_staging"),
        ("int_calendar_weeks", "no_mart_upstream"),
        ("dim_accounts", "model_is_described"),
        ("dim_accounts", "columns_are_described"),
        ("dim_accounts", "model_has_owner_group"),
        ("int_calendar_months", "has_primary_key_test"),
        ("kpi_win_rate", "marts_read_the_core_layer"),
        ("fct_opportunities", "marts_read_the_core_layer"),
    }


def test_intermediate_folders_depend_one_way(manifest_path: Path) -> None:
    """No intermediate folder reads a folder that reads it (identity <-> engagement, finance <->
    retention were such cycles): the folder graph of intermediate models has no cycle."""
    manifest = json.loads(manifest_path.read_text())
    models = {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"}

    def folder(node: dict[str, Any]) -> str | None:
        parts = node["original_file_path"].split("/")
        return parts[2] if parts[1] == "intermediate" else None

    reads: dict[str, set[str]] = {}
    for node in models.values():
        for parent_id in node["depends_on"]["nodes"]:
            parent = models.get(parent_id)
            if parent and folder(node) and folder(parent) and folder(node) != folder(parent):
                reads.setdefault(folder(node), set()).add(folder(parent))
    assert reads, "no edge between intermediate folders found: the test reads the wrong manifest"

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        stack = list(reads.get(start, ()))
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(reads.get(current, ()))
        return seen

    assert [name for name in reads if name in reachable(name)] == []
    # the two former cycles, one way now
    assert "identity" in reads["engagement"] and "engagement" not in reads.get("identity", set())
    assert "finance" in reads["retention"] and "retention" not in reads.get("finance", set())


def test_versioning_script_adds_v1_to_model_entries_only(tmp_path: Path) -> None:
    models = tmp_path / "_kpi__models.yml"
    models.write_text(
        "version: 2\n\nmodels:\n  - name: kpi_win_rate\n    description: Win rate.\n"
        "    columns:\n      - name: kpi_id\n        description: not a model\n"
    )
    assert version_file(models, write=True) == ["kpi_win_rate"]
    assert version_file(models, write=True) == []  # idempotent
    text = models.read_text()
    assert "  - name: kpi_win_rate\n    latest_version: 1\n    versions:\n      - v: 1\n" in text
    assert "        defined_in: kpi_win_rate\n        config:\n          alias: kpi_win_rate\n" in text
    assert text.count("latest_version") == 1
