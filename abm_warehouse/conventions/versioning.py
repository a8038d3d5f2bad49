"""Prepare the KPI marts' first version: `latest_version: 1` and `versions: [{v: 1}]`.

A versioned model lets a later change of definition ship as v2 beside v1 (dbt model versions).
v1 stays defined in the existing SQL file (`defined_in`) and keeps the unversioned table name
(`alias`), so BI tools, the scorecard and the tests read the same table as before; a v2 would
add `kpi_<name>_v2.sql` and a `- v: 2` entry (its own table `kpi_<name>_v2`).

Usage (from the project directory):
    python -m abm_warehouse.conventions.versioning           # edit the yml files in place
    python -m abm_warehouse.conventions.versioning --check   # exit 1 when a KPI mart is unversioned

Each KPI mart entry of models/marts/kpi/**/*.yml gets, right under its `- name:` line:

      latest_version: 1
      versions:
        - v: 1
          defined_in: kpi_<name>
          config:
            alias: kpi_<name>
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

NAME_LINE = re.compile(r"^(?P<indent>\s*)- name: (?P<name>kpi_[a-z0-9_]+)\s*$")


def _block(name: str, indent: str) -> list[str]:
    pad = indent + "  "
    return [
        f"{pad}latest_version: 1\n",
        f"{pad}versions:\n",
        f"{pad}  - v: 1\n",
        f"{pad}    defined_in: {name}\n",
        f"{pad}    config:\n",
        f"{pad}      alias: {name}\n",
    ]


def _is_versioned(lines: list[str], start: int, indent: str) -> bool:
    """True when the model entry starting at `start` already has `versions:`."""
    for line in lines[start + 1:]:
        if line.strip() and not line.startswith(indent + " "):
            return False  # the next entry (or the end of the models list) begins
        if line.strip().startswith("versions:") and len(line) - len(line.lstrip()) == len(indent) + 2:
            return True
    return False


def _model_name_lines(lines: list[str]) -> list[int]:
    """Indexes of the `- name: kpi_...` lines that start a model (not a column) entry."""
    indexes: list[int] = []
    section, model_indent = "", None
    for index, line in enumerate(lines):
        if line.strip() and not line[0].isspace():
            section, model_indent = line.split(":")[0].strip(), None
            continue
        if section != "models" or not line.lstrip().startswith("- "):
            continue
        indent = len(line) - len(line.lstrip())
        if model_indent is None:
            model_indent = indent  # the first list item under `models:` sets the model level
        if indent == model_indent and NAME_LINE.match(line):
            indexes.append(index)
    return indexes


def version_file(path: Path, *, write: bool) -> list[str]:
    """Add v1 to every unversioned KPI mart of one yml file; return the models it (would) change."""
    lines = path.read_text().splitlines(keepends=True)
    starts = set(_model_name_lines(lines))
    out: list[str] = []
    changed: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        match = NAME_LINE.match(line) if index in starts else None
        if match and not _is_versioned(lines, index, match["indent"]):
            out += _block(match["name"], match["indent"])
            changed.append(match["name"])
    if write and changed:
        path.write_text("".join(out))
    return changed


def main(argv: list[str] | None = None) -> int:
    """Version the KPI marts of the project (or only report with --check)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project-dir", default=".", help="the dbt project (default: .)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a KPI mart is unversioned")
    args = parser.parse_args(argv)
    changed: list[str] = []
    for path in sorted((Path(args.project_dir) / "models" / "marts" / "kpi").rglob("*.yml")):
        names = version_file(path, write=not args.check)
        changed += names
        for name in names:
            print(f"{'unversioned' if args.check else 'versioned v1'}: {name} ({path})")
    if args.check:
        return 1 if changed else 0
    print(f"{len(changed)} KPI mart(s) versioned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
