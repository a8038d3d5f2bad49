"""The validation result as JSON (for machines) and a self-contained HTML page (for people)."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CheckResult:
    """The outcome of one expectation."""

    expectation: str
    description: str
    success: bool
    reason: str | None = None
    observed: Any = None


@dataclass
class MartResult:
    """The outcome of one mart's suite."""

    mart: str
    table: str
    rows: int | None
    success: bool
    checks: list[CheckResult] = field(default_factory=list)
    error: str | None = None


@dataclass
class ValidationResult:
    """The outcome of a validation run over every public mart."""

    database: str
    manifest: str
    marts: list[MartResult] = field(default_factory=list)

    @property
    def success(self) -> bool:
        """True when every check of every mart passed."""
        return all(mart.success for mart in self.marts)

    def failures(self) -> list[str]:
        """One readable line per failed check: `<mart>: <reason>`."""
        lines = []
        for mart in self.marts:
            if mart.error:
                lines.append(f"{mart.mart}: {mart.error}")
            lines += [f"{mart.mart}: {check.reason}" for check in mart.checks if not check.success]
        return lines

    def summary(self) -> str:
        """`28 marts, 412 checks: all passed` or the count of failures."""
        checks = sum(len(mart.checks) for mart in self.marts)
        failed = len(self.failures())
        verdict = "all passed" if failed == 0 else f"{failed} FAILED"
        return f"{len(self.marts)} marts, {checks} checks: {verdict}"


def _json_default(value: Any) -> Any:
    return str(value)


def write_json(result: ValidationResult, path: Path) -> None:
    """Write the result as JSON."""
    payload = {"success": result.success, "summary": result.summary(), **asdict(result)}
    path.write_text(json.dumps(payload, indent=2, default=_json_default) + "\n")


def write_html(result: ValidationResult, path: Path) -> None:
    """Write a self-contained HTML report: failures first, then every mart's checks."""
    escape = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Mart validation</title>",
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}"
        ".ok{color:#176117}.fail{color:#b00020;font-weight:bold}table{border-collapse:collapse}"
        "tr:nth-child(even){background:#f4f4f4}</style></head><body>",
        f"<h1>Mart validation: {'passed' if result.success else 'FAILED'}</h1>",
        f"<p>{escape(result.summary())}<br>warehouse: <code>{escape(result.database)}</code><br>"
        f"manifest: <code>{escape(result.manifest)}</code></p>",
    ]
    failures = result.failures()
    if failures:
        parts.append("<h2>Failures</h2><ul>")
        parts += [f"<li class='fail'>{escape(line)}</li>" for line in failures]
        parts.append("</ul>")
    parts.append("<h2>Marts</h2>")
    for mart in result.marts:
        status = "<span class='ok'>passed</span>" if mart.success else "<span class='fail'>FAILED</span>"
        parts.append(f"<h3 id='{escape(mart.mart)}'>{escape(mart.mart)} ({mart.rows} rows): {status}</h3>")
        if mart.error:
            parts.append(f"<p class='fail'>{escape(mart.error)}</p>")
        parts.append("<table><tr><th>check</th><th>expectation</th><th>result</th></tr>")
        for check in mart.checks:
            outcome = "<span class='ok'>ok</span>" if check.success else f"<span class='fail'>{escape(check.reason or '')}</span>"
            parts.append(
                f"<tr><td>{escape(check.description)}</td><td><code>{escape(check.expectation)}</code></td>"
                f"<td>{outcome}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts))


def write_reports(result: ValidationResult, folder: Path) -> tuple[Path, Path]:
    """Write `validation.json` and `validation.html` into `folder`; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = folder / "validation.json", folder / "validation.html"
    write_json(result, json_path)
    write_html(result, html_path)
    return json_path, html_path
