"""The marts' expectation suites (great-expectations): they pass on the fixture build, and a
corrupted mart fails `abm validate` with a reason a person can read, and blocks publishing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from abm_warehouse.build import ValidationFailed, _validate_marts
from abm_warehouse.cli import main
from abm_warehouse.validation.manifest import load_manifest, public_marts
from abm_warehouse.validation.specific import EXPECTED_ROWS
from support.warehouse import Warehouse

pytestmark = pytest.mark.slow


def _manifest_of(warehouse: Warehouse) -> Path:
    """The manifest of the fixture build (conftest builds in <root>/build, publishes in <root>/published)."""
    return warehouse.path.parent.parent / "build" / "target" / "manifest.json"


def _corrupted_copy(warehouse: Warehouse, folder: Path) -> Path:
    """A copy of the fixture warehouse with planted faults in three marts.

    The copy keeps the name abm.duckdb: the staging views refer to the catalog `abm`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "abm.duckdb"
    shutil.copy(warehouse.path, copy)
    with duckdb.connect(str(copy)) as connection:
        # a rate above 1
        connection.execute(
            "update marts.kpi_win_rate set win_rate = 1.5"
            " where month_start_date = (select min(month_start_date) from marts.kpi_win_rate) and segment = 'tier_1'"
        )
        # a missing week × segment row
        connection.execute(
            "delete from marts.kpi_account_engagement"
            " where week_start_date = (select max(week_start_date) from marts.kpi_account_engagement)"
            " and segment = 'tier_2'"
        )
        # a segment outside the four
        connection.execute(
            "update marts.kpi_sql_volume set segment = 'all'"
            " where month_start_date = (select min(month_start_date) from marts.kpi_sql_volume) and segment = 'tier_3'"
        )
    return copy


def test_every_public_mart_has_a_suite(fixture_warehouse: Warehouse) -> None:
    marts = {mart.name: mart for mart in public_marts(load_manifest(_manifest_of(fixture_warehouse)))}
    assert {"dim_accounts", "fct_opportunities", "fct_account_engagement_weeks", "kpi_win_rate"} <= set(marts)
    # every mart of the row-count table exists, and the grains come from the marts' tests
    assert set(EXPECTED_ROWS) <= set(marts)
    assert marts["kpi_account_engagement"].grain == ("week_start_date", "segment")
    assert marts["kpi_intent_signal_detection"].segments == ("tier_1", "tier_2", "tier_3")


def test_fixture_build_passes_validation(fixture_warehouse: Warehouse, tmp_path: Path) -> None:
    # the build itself validated before publishing, and left its report beside the published file
    assert fixture_warehouse.published is not None
    build_report = json.loads((fixture_warehouse.published.parent / "validation" / "validation.json").read_text())
    assert build_report["success"] is True

    code = main([
        "validate", "--database", str(fixture_warehouse.path),
        "--manifest", str(_manifest_of(fixture_warehouse)), "--report-dir", str(tmp_path),
    ])
    assert code == 0
    report = json.loads((tmp_path / "validation.json").read_text())
    assert report["success"] is True
    engagement = next(mart for mart in report["marts"] if mart["mart"].startswith("kpi_account_engagement"))
    weeks = fixture_warehouse.query("select count(*) from intermediate.int_calendar_weeks")[0][0]
    row_count = next(check for check in engagement["checks"] if check["expectation"] == "expect_table_row_count_to_equal")
    assert row_count["observed"] == weeks * 4 and row_count["success"]
    assert (tmp_path / "validation.html").read_text().count("FAILED") == 0


def test_corrupted_mart_fails_with_a_readable_reason(
    fixture_warehouse: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _corrupted_copy(fixture_warehouse, tmp_path / "corrupted")
    code = main([
        "validate", "--database", str(copy),
        "--manifest", str(_manifest_of(fixture_warehouse)), "--report-dir", str(tmp_path / "report"),
    ])
    assert code == 1
    report = json.loads((tmp_path / "report" / "validation.json").read_text())
    assert report["success"] is False
    failed = {mart["mart"].split(" ")[0] for mart in report["marts"] if not mart["success"]}
    assert failed == {"kpi_win_rate", "kpi_account_engagement", "kpi_sql_volume"}

    printed = capsys.readouterr().out
    assert "kpi_win_rate v1: expected win_rate in [0, 1], but 1 row(s) break it (e.g. [1.5])" in printed
    weeks = fixture_warehouse.query("select count(*) from intermediate.int_calendar_weeks")[0][0]
    assert f"observed {weeks * 4 - 1}" in printed
    assert "'all'" in printed
    assert "kpi_win_rate" in (tmp_path / "report" / "validation.html").read_text()


def test_build_does_not_publish_when_validation_fails(fixture_warehouse: Warehouse, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    copy = _corrupted_copy(fixture_warehouse, build_dir)
    (build_dir / "target").mkdir()
    shutil.copy(_manifest_of(fixture_warehouse), build_dir / "target" / "manifest.json")
    with pytest.raises(ValidationFailed, match="3 validation check"):
        _validate_marts(copy, build_dir, tmp_path / "published" / "abm.duckdb", echo=lambda line: None)
    assert (tmp_path / "published" / "validation" / "validation.html").is_file()
    assert not (tmp_path / "published" / "abm.duckdb").exists()
