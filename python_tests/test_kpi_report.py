"""The KPI report and the terminal summary, on the fixture warehouse (session fixture).

The report is opened in a real headless Chromium (Debian's package, as in test_docs_site.py):
the DOM after the scripts ran must hold the executive sentence, the scorecard and one drawn
chart per KPI of the scorecard, with no script error; a screenshot is kept as a CI artifact
(warehouse/artifacts/kpi_report.png, printed by bin/test).

Hand-checked figures of the fixture (as_of_date 2026-03-31, a Tuesday; the story is in
python_tests/fixtures/extracts/README.md and the working in test_revenue_marts.py):
- last complete quarter: 2026-Q1 contains the as-of date, so 2025-Q4 (Oct-Dec 2025).
  ABM cost: 47,752.42302882 + 50,085.38764975 + 48,707.51273014 = 146,545.32340871 → "146,545".
  ABM pipeline created (New Business of ABM opportunities created in the quarter, reporting
  currency at the creation month's rate): opp_02 80,000 EUR × 1.118567 = 89,485.36, opp_10
  15,000 EUR × 1.097459 = 16,461.885, opp_06 40,000 USD, opp_11 25,000 USD → 170,947.245
  → "170,947" (opp_09 is at a non-target account; opp_03 is an Expansion).
  ABM-sourced revenue: no ABM deal closed won in Oct-Dec 2025 → 0; ROI (0 − cost) / cost × 100
  = −100.0 %.
- latest complete month: 2026-02 (March contains the as-of date); latest complete week: the
  week of 2026-03-23 (the week of 2026-03-30 contains it).
- ABM ROI 2026-02: no ABM revenue → −100.0 %; 2026-01: (46,762.71 − 37,910.94718426) /
  37,910.94718426 × 100 = 23.349 % → change −123.3 pts; target 150 → off track.
- extracts: 230 rows read = 160 kept + 57 rejected + 13 deleted (test_staging_fixture; evt_03, an ISO offset, is kept).
- weekly KPIs by segment: weeks 2025-02-03 .. 2026-03-23 complete = 413 days / 7 + 1 = 60
  weeks, × 4 segments = 240 points (engaged account rate, visit rate, ...).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from abm_warehouse.cli import main
from abm_warehouse.paths import project_dir
from abm_warehouse.report.catalog import PHASES
from abm_warehouse.report.data import load
from abm_warehouse.report.render import write_report
from abm_warehouse.report.source import DuckDBSource
from abm_warehouse.report.summary import summary_text
from support.warehouse import Warehouse

pytestmark = pytest.mark.slow

ARTIFACTS = project_dir() / "warehouse" / "artifacts"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]
SENTENCE = (
    "In 2025-Q4 (the last complete quarter) ABM invested USD 146,545, created USD 170,947 of pipeline "
    "at target accounts and returned -100.0 % ROI (USD 0 of ABM-sourced revenue)."
)


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        pytest.skip("Chromium is NOT installed (apt-get install chromium, or run bin/test as root): "
                    "the KPI report browser test is skipped.")
    return found


def _run_chromium(*arguments: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="abm_chromium_") as profile:
        return subprocess.run(
            [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True, text=True, timeout=240,
        )


@pytest.fixture(scope="module")
def report(fixture_warehouse: Warehouse) -> Path:
    """The fixture warehouse's report, written where CI keeps its artifacts."""
    return write_report(DuckDBSource(fixture_warehouse.path), ARTIFACTS / "kpi_report.html")


def _charts(dom: str) -> dict[str, str]:
    """Each `.kpi-chart` card of the DOM by its data-kpi-id (its HTML up to the next card)."""
    cards = re.split(r'(?=<div class="card kpi-chart")', dom)[1:]
    return {re.search(r'data-kpi-id="([^"]+)"', card).group(1): card for card in cards}  # type: ignore[union-attr]


def test_report_is_self_contained(report: Path) -> None:
    html = report.read_text()
    # no external script, stylesheet or font: works offline
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert "@import" not in html and "url(http" not in html
    assert html.count("plotly.js v") == 1, "plotly.js is inlined exactly once"


def test_report_in_chromium(report: Path, fixture_warehouse: Warehouse) -> None:
    completed = _run_chromium(
        "--enable-logging=stderr", "--v=0", "--window-size=1400,1000", "--virtual-time-budget=30000",
        "--dump-dom", report.as_uri(),
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = completed.stdout
    console = [line for line in completed.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], f"the page logged to the console (script errors?): {console[:5]}"
    html_tag = re.search(r"<html[^>]*>", dom).group(0)  # type: ignore[union-attr]
    assert "data-script-errors" not in html_tag, "window.onerror caught a script error"

    # the executive sentence, hand-checked above
    assert SENTENCE in " ".join(re.sub(r"<[^>]+>", " ", dom).split())

    # every phase has its section, with its charts
    for phase in PHASES:
        assert f'id="phase-{phase.phase_id}"' in dom, phase.phase_id

    # one drawn chart per KPI of the scorecard, plus the threshold and attribution charts
    kpis = {row[0] for row in fixture_warehouse.query("select distinct kpi_id from marts.kpi_scorecard")}
    assert len(kpis) == 41  # the 41 KPIs the marts declare (meta.kpi_mart; AI search enabled)
    charts = _charts(dom)
    assert set(charts) == kpis | {"engagement_threshold", "attribution"}
    empty = []
    for kpi_id, card in charts.items():
        expected = int(re.search(r'data-points="(\d+)"', card).group(1))  # type: ignore[union-attr]
        drawn = card.count('class="point"')
        if "js-plotly-plot" not in card or "main-svg" not in card or expected == 0 or drawn < expected:
            empty.append((kpi_id, expected, drawn))
    assert empty == [], f"charts without data drawn (kpi, values, points drawn): {empty}"
    assert f'data-charts-drawn="{len(charts)}"' in html_tag
    # 60 complete weeks × 4 segments
    assert re.search(r'data-kpi-id="engaged_account_rate" data-points="240"', dom)

    # the scorecard: one row per KPI with a complete period, ROI off track at -100 %
    rows = re.findall(r'<tr class="scorecard-row" data-kpi-id="([^"]+)" data-status="([^"]+)">(.*?)</tr>', dom, re.S)
    assert {kpi for kpi, _, _ in rows} == kpis
    roi = [(status, " ".join(re.sub(r"<[^>]+>", " ", cells).split())) for kpi, status, cells in rows if kpi == "roi_pct"]
    assert roi == [("off_track", "ABM ROI 2026-02 -100.0 % ↓ −123.3 pts 150.0 % 50.0 % – 300.0 % off track")]
    assert 'id="reconciliation"' in dom and dom.count('<span class="ok">yes</span>') == 24

    # the screenshot CI keeps
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "kpi_report.png"
    screenshot.unlink(missing_ok=True)
    shot = _run_chromium("--window-size=1400,14000", "--virtual-time-budget=30000", f"--screenshot={screenshot}", report.as_uri())
    assert shot.returncode == 0 and screenshot.stat().st_size > 100_000, shot.stderr[-2000:]
    print(f"KPI report screenshot: {screenshot}")


def test_terminal_summary_on_the_fixture(fixture_warehouse: Warehouse) -> None:
    text = summary_text(load(DuckDBSource(fixture_warehouse.path)))
    lines = text.splitlines()
    assert lines[0] == "ABM KPIs as of 2026-03-31 (amounts in USD)"
    assert lines[2] == SENTENCE

    # phases in the catalogue's order, each KPI once, off-track KPIs first within a phase
    phase_rows = [index for index, line in enumerate(lines) if line in {phase.title for phase in PHASES}]
    assert [lines[index] for index in phase_rows] == [phase.title for phase in PHASES]
    kpi_lines = [line for line in lines if line.startswith("  ")]
    assert len(kpi_lines) == 41
    rank = {"off track": 0, "at risk": 1, "on track": 2, "no target": 3, "no value": 4}
    bounds = [*phase_rows, lines.index("", phase_rows[-1])]
    for start, end in zip(bounds, bounds[1:]):
        statuses = [rank[line[2:11].strip()] for line in lines[start + 1:end]]
        assert statuses == sorted(statuses), lines[start]

    roi = next(line for line in kpi_lines if " ABM ROI " in line)
    assert roi.split() == "off track ABM ROI 2026-02 -100.0 % (−123.3 pts on the period before) target 150.0 %".split()
    # win rate: no ABM opportunity closed in Feb 2026 → no value in any segment
    win = next(line for line in kpi_lines if " Win rate " in line)
    assert win.split() == "no value Win rate 2026-02 T1 – · T2 – · T3 – · NT – target 30.0 %".split()
    assert lines[-1] == (
        "Extracts: 24 read, 230 rows = 160 kept + 57 rejected (audit.audit_extract_rejects) + 13 deleted; "
        "every extract reconciles."
    )


def test_abm_report_command_writes_the_report_and_prints_the_summary(
    fixture_warehouse: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--database", str(fixture_warehouse.path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert SENTENCE in printed
    assert printed.rstrip().endswith(f"KPI report (open it in a browser; it works offline): {out}")
    assert 'id="scorecard"' in out.read_text()


def test_exposures_point_at_sections_of_the_report(report: Path) -> None:
    import yaml

    from abm_warehouse.paths import published_warehouse
    from abm_warehouse.report.render import REPORT_FILE_NAME

    exposures = yaml.safe_load((project_dir() / "models" / "_exposures.yml").read_text())["exposures"]
    written_by_builds = (published_warehouse().parent / REPORT_FILE_NAME).relative_to(project_dir()).as_posix()
    html = report.read_text()
    assert len(exposures) == 3
    for exposure in exposures:
        path, _, anchor = exposure["url"].partition("#")
        assert path == written_by_builds, exposure["name"]
        assert f'id="{anchor}"' in html, exposure["name"]
