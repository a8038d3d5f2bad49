"""What `abm build` shows in the terminal, on the minimal dbt project (support/mini_project.py):
one line per step and a few progress lines when the output is not a terminal, dbt's full
output in warehouse/build/build.log, and on failure the failing nodes and the log's last lines.

The mini project has one staging view (stg_crm__accounts) with two tests (unique and not_null
on account_id) and one configuration seed (config.codes; the demo seed is disabled when a
folder of extracts is given): the seed step has 1 dbt node, the build step 1 model + 2 tests
= 3 nodes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from abm_warehouse.cli import main
from support.mini_project import write_mini_project

pytestmark = pytest.mark.slow


def _build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, accounts_csv: str) -> tuple[int, Path]:
    monkeypatch.setenv("ABM_PROJECT_DIR", str(write_mini_project(tmp_path / "project")))
    extracts = tmp_path / "extracts"
    extracts.mkdir()
    (extracts / "crm__account.csv").write_text(accounts_csv)
    code = main(
        [
            "build", "--extracts", str(extracts), "--allow-missing",
            "--build-dir", str(tmp_path / "build"), "--publish-to", str(tmp_path / "warehouse" / "abm.duckdb"),
        ]
    )
    return code, tmp_path / "build" / "build.log"


def test_build_shows_steps_and_progress_and_logs_dbt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, log = _build(tmp_path, monkeypatch, "id,name,created_date\n001,One,2024-01-01\n002,Two,2024-01-01\n")

    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert "==> dbt seed (configuration seeds)" in lines
    assert "==> dbt build (models, data tests)" in lines
    # progress lines at a quarter, half and three quarters of the nodes, once per node
    # (3 nodes: a quarter is passed at node 1, half at 2, three quarters at 3; 1 seed: one line)
    assert [line for line in lines if line.endswith(" dbt nodes done")] == [
        "    1 of 1 dbt nodes done", "    1 of 3 dbt nodes done", "    2 of 3 dbt nodes done", "    3 of 3 dbt nodes done",
    ]
    assert any(line.startswith("==> dbt build (models, data tests): done in ") and line.endswith(", 3 of 3 dbt nodes")
               for line in lines)
    assert any(line.startswith("==> dbt seed (configuration seeds): done in ") and line.endswith(", 1 of 1 dbt nodes")
               for line in lines)
    assert "Running with dbt=" not in out, "dbt's own output goes to the log, not the terminal"
    assert f"(full log: {log})" in out

    logged = log.read_text()
    assert "Running with dbt=" in logged and "Completed successfully" in logged
    assert "==> publish to" in logged

    # the report of a warehouse without marts is still written, and says what is missing
    report = tmp_path / "warehouse" / "kpi_report.html"
    assert f"KPI report: {report}" in lines
    assert "Not in this warehouse: marts.kpi_scorecard" in report.read_text()


def test_failed_build_prints_failing_nodes_and_the_end_of_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # account 001 twice: the unique test on stg_crm__accounts.account_id fails
    code, log = _build(tmp_path, monkeypatch, "id,name,created_date\n001,One,2024-01-01\n001,Two,2024-01-01\n")

    assert code == 1
    captured = capsys.readouterr()
    assert "==> dbt build (models, data tests): FAILED in " in captured.out
    err = captured.err
    assert "Failing dbt nodes:" in err
    assert "fail: test.abm_kpi_warehouse.unique_stg_crm__accounts_account_id" in err
    assert f"Last lines of the build log {log}:" in err
    assert "  | " in err and "Done. PASS=" in err.split("Last lines of the build log")[1]
    assert "build failed at step 'dbt build (models, data tests)'" in err
    assert not (tmp_path / "warehouse" / "kpi_report.html").exists()
