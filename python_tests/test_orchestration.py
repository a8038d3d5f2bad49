"""The Dagster definitions materialized in-process on the fixture extracts: load, every dbt model
and test, validation, the freshness check and the publish, with the run history written."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from abm_warehouse.run_history import read_history
from support.warehouse import Warehouse, gates_file_with_defaults

pytestmark = pytest.mark.slow


def test_daily_job_stops_on_stale_data_then_publishes_with_a_warning(
    fixture_extracts: Path, fixture_warehouse: Warehouse, tmp_path: Path
) -> None:
    import dagster as dg

    from abm_warehouse.orchestration.assets import JOB_NAME, OrchestrationSettings, build_definitions

    # The fixture's latest event is 2026-03-31 (fixtures/extracts/README.md): today it is
    # (today - 2026-03-31) days old, far more than the 2 days allowed.
    age = (datetime.now(timezone.utc).date() - date(2026, 3, 31)).days
    assert age > 2
    strict = OrchestrationSettings(
        extracts=fixture_extracts, build_dir=tmp_path / "build", publish_to=tmp_path / "published" / "abm.duckdb",
        freshness_max_age_days=2, freshness_severity="error",
        # the fixture is dirty on purpose: its reject shares pass the gates with a raised stop share
        gates_file=gates_file_with_defaults(tmp_path / "gates.csv", reject_stop_share="0.6"),
    )
    definitions = build_definitions(strict)
    assert definitions.get_schedule_def(f"{JOB_NAME}_schedule").cron_schedule == "0 5 * * *"
    job = definitions.resolve_job_def(JOB_NAME)
    instance = dg.DagsterInstance.ephemeral()

    first = job.execute_in_process(instance=instance, raise_on_error=False)

    keys = [event.asset_key.path for event in first.get_asset_materialization_events()]
    materialized = {key[-1] for key in keys} | {"/".join(key) for key in keys}
    # Every dbt model is an asset (one per .sql file under models/), plus the load and validation.
    models = {path.stem for path in (Path(__file__).parent.parent / "models").rglob("*.sql")}
    assert models <= materialized, sorted(models - materialized)[:5]
    assert {"raw/crm__account", "raw/web__event", "marts_validation"} <= materialized
    # Blocking freshness check failed with severity error: the publish did not run.
    assert "published_warehouse" not in materialized
    assert not strict.publish_to.exists()
    checks = {
        evaluation.check_name: evaluation
        for evaluation in (
            event.event_specific_data for event in first.all_events if event.event_type_value == "ASSET_CHECK_EVALUATION"
        )
    }
    assert checks["data_freshness"].passed is False
    assert checks["data_freshness"].metadata["age_days"].value == age
    # dbt data tests are asset checks, and they all passed.
    dbt_checks = [evaluation for name, evaluation in checks.items() if name != "data_freshness"]
    assert len(dbt_checks) > 100 and all(evaluation.passed for evaluation in dbt_checks)

    # Same build, freshness only warns: the second run re-checks and publishes.
    relaxed = OrchestrationSettings(
        extracts=fixture_extracts, build_dir=strict.build_dir, publish_to=strict.publish_to,
        freshness_max_age_days=2, freshness_severity="warn", gates_file=strict.gates_file,
    )
    second = build_definitions(relaxed).resolve_job_def(JOB_NAME).execute_in_process(
        instance=instance, raise_on_error=False,
        asset_selection=[dg.AssetKey("published_warehouse")],
    )
    assert second.success
    published = Warehouse(strict.publish_to)
    # The Dagster build gives the same marts as `abm build` (16 - 4 rejected - 1 deleted = 11 accounts).
    assert published.query("select count(*) from marts.dim_accounts") == [(11,)]
    assert published.query("select * from marts.kpi_win_rate order by all") == fixture_warehouse.query(
        "select * from marts.kpi_win_rate order by all"
    )

    runs = read_history(strict.history_file)
    assert [(run["run_id"], run["status"], run["published"]) for run in runs] == [
        (first.run_id, "failed", False), (second.run_id, "success", True)
    ]
    assert runs[0]["failed_step"] == "data_freshness"
    # no kept state yet: the first run builds in full, and the second publishes that build
    assert [run["build_mode"] for run in runs] == ["full", "full"]
    assert runs[0]["not_published_reason"] == f"data_freshness: the latest event is {age} day(s) old (allowed 2)"
    assert runs[0]["tests_failed"] == 0 and runs[0]["models_failed"] == 0
    assert runs[0]["models_passed"] == len(models)
    assert runs[1]["data_as_of_date"] == date(2026, 3, 31)
    assert published.query("select count(*) from audit.run_history") == [(2,)]
