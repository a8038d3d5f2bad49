"""Every model, macro, file and command that README.md and docs/ name exists in the project,
and no file of the project names a path outside it.

Names are read from `code spans` and Markdown links:
- a path (has a `/` or a file suffix) must exist, relative to the project root (or, for docs,
  to the document); paths with placeholders (`<system>`, `*`) are skipped;
- a name with a model prefix (`base_`, `stg_`, `int_`, `dim_`, `fct_`, `kpi_`, `audit_`) must be
  a model or a seed;
- a call (`{{ name(...) }}`, or `name(...)` with an underscore in the name and not a SQL
  function) or a name written next to the word "macro" must be a macro of the
  project (dbt's own `dbt.` macros excepted);
- `abm <command>` must be a subcommand of the CLI, `bin/<script>` a script in bin/.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from abm_warehouse.cli import build_parser
from abm_warehouse.paths import project_dir

ROOT = project_dir()
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]
MODEL_PREFIXES = ("base_", "stg_", "int_", "dim_", "fct_", "kpi_", "audit_")
SUFFIXES = (".sql", ".yml", ".yaml", ".md", ".py", ".csv", ".toml", ".txt", ".json", ".html", ".duckdb")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
SQL_FUNCTIONS = {"date_trunc", "try_cast", "regexp_matches", "row_number", "percentile_cont", "read_csv"}
NEAR_MACRO = re.compile(r"macros?\s+`([a-z_][a-z0-9_]*)`|`([a-z_][a-z0-9_]*)`\s+macro", re.IGNORECASE)


def _models() -> set[str]:
    """Models and seeds (what `ref()` can name), and the columns and metrics the YAML declares
    (a column such as `kpi_id` carries a model prefix too)."""
    declared = {
        name for path in (ROOT / "models").rglob("*.yml")
        for name in re.findall(r"^\s*- name:\s*([a-z_][a-z0-9_]*)\s*$", path.read_text(), re.MULTILINE)
    }
    return {path.stem for path in (ROOT / "models").rglob("*.sql")} | {
        path.stem for path in (ROOT / "seeds").rglob("*.csv")
    } | declared


def _macros() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "macros").rglob("*.sql"):
        names.update(re.findall(r"{%-?\s*macro\s+([a-z_][a-z0-9_]*)\s*\(", path.read_text()))
    return names


def _commands() -> set[str]:
    parser = build_parser()
    subparsers = next(action for action in parser._actions if action.dest == "command")
    return set(subparsers.choices)


def _references(document: Path) -> list[tuple[str, str]]:
    """(kind, name) pairs named by one document."""
    text = document.read_text(encoding="utf-8")
    found: list[tuple[str, str]] = []
    for match in NEAR_MACRO.finditer(text):
        found.append(("macro", match.group(1) or match.group(2)))
    for link in LINK.findall(text):
        if "://" not in link and not link.startswith("mailto:"):
            found.append(("link", link))
    for span in CODE_SPAN.findall(text):
        span = span.strip()
        for command in re.findall(r"(?:^|[\s/])abm\s+([a-z][a-z-]*)", span):
            found.append(("command", command))
        for script in re.findall(r"(?:^|\s)(bin/[a-z_-]+)", span):
            found.append(("path", script))
        call = re.fullmatch(r"(\{\{\s*)?([a-z_][a-z0-9_]*)\(.*", span)
        if call and (call.group(1) or "_" in call.group(2)) and call.group(2) not in SQL_FUNCTIONS:
            found.append(("macro", call.group(2)))
        elif re.fullmatch(r"[a-z_][a-z0-9_]*[a-z0-9]", span) and span.startswith(MODEL_PREFIXES):
            found.append(("model", span))
        elif " " not in span and ("/" in span or span.endswith(SUFFIXES)) and not re.search(r"[<>*{}$%]|\.\.\.", span):
            if "://" not in span and not span.startswith(("-", "--")):
                found.append(("path", span))
    return found


def _exists(document: Path, kind: str, name: str, models: set[str], macros: set[str], commands: set[str]) -> bool:
    if kind == "model":
        return name in models
    if kind == "macro":
        return name in macros
    if kind == "command":
        return name in commands
    candidates = [ROOT / name.lstrip("./"), document.parent / name]
    if document.parent == ROOT / "docs" / "blocks":
        # doc blocks are rendered in the dbt docs site, target/index.html: links resolve there
        candidates.append(ROOT / "target" / name)
    if kind == "path" and "/" not in name:
        # a bare file name: anywhere in the project (e.g. `dbt_project.yml`, `abm.duckdb`)
        return any(candidate.exists() for candidate in candidates) or any(
            path.name == name for path in ROOT.rglob(name) if ".venv" not in path.parts
        ) or name.endswith((".duckdb", ".html", ".json"))
    return any(candidate.exists() for candidate in candidates) or name.startswith(("warehouse/", "target/"))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_everything_a_document_names_exists(document: Path) -> None:
    models, macros, commands = _models(), _macros(), _commands()
    missing = sorted(
        {f"{kind} {name}" for kind, name in _references(document)
         if not _exists(document, kind, name, models, macros, commands)}
    )
    assert not missing, f"{document.relative_to(ROOT)} names what does not exist: {missing}"


def test_the_checker_catches_a_missing_name(tmp_path: Path) -> None:
    """A planted stale reference of each kind is found (the test above can fail)."""
    document = tmp_path / "stale.md"
    document.write_text(
        "Use macro `convert_currency`, the model `int_nothing_joined`, `macros/none.sql`,\n"
        "`abm frobnicate` and `bin/nothing`; see [the notes](docs/developing.md).\n"
    )
    models, macros, commands = _models(), _macros(), _commands()
    missing = {(kind, name) for kind, name in _references(document)
               if not _exists(document, kind, name, models, macros, commands)}
    assert missing == {
        ("macro", "convert_currency"), ("model", "int_nothing_joined"), ("path", "macros/none.sql"),
        ("command", "frobnicate"), ("path", "bin/nothing"), ("link", "docs/developing.md"),
    }


def test_no_file_names_a_path_outside_the_project() -> None:
    """Tracked files never point at the machine they were written on or at documents outside."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix not in (*SUFFIXES, ".cfg", ".ini", "") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if re.search(r"/work/|\.\./shared|docs/\.\./spec", text):
            offenders.append(name)
    assert offenders == [] or offenders == ["python_tests/test_docs_references.py"], offenders
