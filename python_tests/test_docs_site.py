"""The dbt docs site: generated from the fixture build, served over HTTP and opened in a real
headless Chromium (Debian's package), a KPI mart's page shows its description."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from abm_warehouse.dbt import dbt_environment, run_dbt
from abm_warehouse.extract_vars import user_vars, vars_args
from support.warehouse import Warehouse

pytestmark = pytest.mark.slow

MART = "kpi_win_rate"
NO_CHROMIUM = """
################################################################################
#  Chromium is NOT installed (no `chromium` on PATH, no /usr/bin/chromium):    #
#  the docs-site browser test is SKIPPED. Install it (apt-get install          #
#  chromium) or run bin/test as root.                                          #
################################################################################"""
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        print(NO_CHROMIUM)
        pytest.skip("Chromium is NOT installed: the docs-site browser test is skipped." + NO_CHROMIUM)
    return found


@pytest.fixture(scope="module")
def docs_site(fixture_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt docs generate` against a copy of the fixture warehouse; returns the target dir."""
    root = tmp_path_factory.mktemp("docs_site")
    database = root / "abm.duckdb"  # the catalog must stay `abm`
    shutil.copy(fixture_warehouse.path, database)
    environment = dbt_environment(
        duckdb_path=database, target_path=root / "target", log_path=root / "logs",
    )
    run_dbt(["docs", "generate", *vars_args(user_vars("raw"))], environment)
    return root / "target"


@pytest.fixture
def served(docs_site: Path) -> Iterator[str]:
    """The docs site on a free loopback port; yields its base URL."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(docs_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _rendered_page(url: str) -> str:
    """The DOM of `url` after the page's scripts ran, from headless Chromium."""
    chromium = _chromium()
    with tempfile.TemporaryDirectory(prefix="abm_chromium_") as profile:
        completed = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", url],
            capture_output=True, text=True, timeout=180,
        )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def _text(fragment: str) -> str:
    """Visible text of an HTML or markdown fragment, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", fragment)
    without_markdown = re.sub(r"[*`#]", "", html.unescape(without_tags))
    return " ".join(without_markdown.split())


def test_kpi_mart_page_shows_its_description(docs_site: Path, served: str) -> None:
    _chromium()
    manifest = json.loads((docs_site / "manifest.json").read_text())
    node = next(
        node for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] == MART
    )
    first_line = next((line for line in node["description"].splitlines() if line.strip()), "")
    description = _text(first_line)
    assert description, f"{MART} has no description"

    dom = _rendered_page(f"{served}/#!/model/{node['unique_id']}")

    # The page's Angular templates sit in the DOM too (empty); the rendered panel holds the text.
    panels = re.findall(r'<div[^>]*marked="model.description"[^>]*>(.*?)</div>', dom, flags=re.S)
    assert panels, "the model page did not render a description panel"
    shown = " ".join(_text(panel) for panel in panels)
    expected = " ".join(description.split()[:12])
    assert expected in shown, f"expected {expected!r} on the {MART} page, found {shown[:300]!r}"


def test_overview_page_explains_the_warehouse_and_links_the_kpi_catalogue(docs_site: Path, served: str) -> None:
    _chromium()
    manifest = json.loads((docs_site / "manifest.json").read_text())
    assert "doc.abm_kpi_warehouse.__overview__" in manifest["docs"], "the project's own overview block"

    dom = _rendered_page(f"{served}/#!/overview")

    text = _text(dom)
    assert "Account-level KPIs for account-based marketing" in text
    assert 'href="../docs/kpi_catalogue.md"' in dom
    for phase in ("target definition", "engagement", "pipeline", "close and ROI"):
        assert phase in text, phase
