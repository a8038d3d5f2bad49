"""The base layer's contract macro, generated from the dbt sources YAML files.

The sources YAML (`models/staging/<system>/_<system>__sources.yml`) declares every extract:
its columns and, in `meta`, how the base model reads them (type, required, key, modification
time, allowed values; see the base layer section of docs/architecture.md). dbt cannot read
that YAML while it parses the project (the `graph` is empty then, and inside a unit test),
yet a base model needs it at parse time for its `source()`/`ref()` edges and in its unit
tests. So `macros/staging/extract_contract.sql` holds the same declarations as a Jinja
literal, written by this module:

    python -m abm_warehouse.base_contract      # rewrite the macro after editing a sources file

and a test fails while the committed macro differs from what the YAML says.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from abm_warehouse.contract import SOURCES_GLOB, ContractError, _meta
from abm_warehouse.paths import project_dir

CONTRACT_MACRO = Path("macros/staging/extract_contract.sql")
BASE_MODELS_GLOB = "models/staging/*/base/base_*.sql"
STAGING_MODELS_GLOB = "models/staging/*/stg_*.sql"
_READS_EXTRACT = re.compile(r"(?:base_extract|select_extract)\(\s*'(\w+)'\s*,\s*'(\w+)'")

COLUMN_TYPES = frozenset({
    "text", "code", "integer", "number", "money", "date", "month", "timestamp", "boolean",
    "currency", "stage", "domain", "email", "deleted_flag",
})
COLUMN_KEYS = frozenset({
    "required", "type", "as", "case", "values", "pattern", "range", "micros", "default",
    "event_date", "date_as", "domain_as", "valid_as", "key_readable",
})
TABLE_KEYS = frozenset({"optional", "key", "key_column", "modified_at", "versioned_by", "reject_order"})

HEADER = """{#- GENERATED from the sources YAML files by `python -m abm_warehouse.base_contract`: do not
    edit; edit models/staging/<system>/_<system>__sources.yml and run that command again (a test
    fails while the two differ).

    Every extract the warehouse reads: its source and table, whether it is optional, the base
    and staging models that read it, the table's `meta` (key, modification time, ...) and its
    columns with their `meta` (type, required, ...), in the order the YAML declares them. -#}
"""


def _jinja_literal(value: Any) -> str:
    """A Python value as a Jinja literal (true/false/none, quoted strings, lists, dicts)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_jinja_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_jinja_literal(str(k))}: {_jinja_literal(v)}" for k, v in value.items()) + "}"
    raise ContractError(f"Cannot write {value!r} into the contract macro")


def _models_reading(root: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(source, table) -> base model, and base model -> staging model, read off the SQL files."""
    base_models: dict[tuple[str, str], str] = {}
    for path in sorted(root.glob(BASE_MODELS_GLOB)):
        match = _READS_EXTRACT.search(path.read_text(encoding="utf-8"))
        if match:
            base_models[(match.group(1), match.group(2))] = path.stem
    staging_models: dict[str, str] = {}
    for path in sorted(root.glob(STAGING_MODELS_GLOB)):
        text = path.read_text(encoding="utf-8")
        for base in base_models.values():
            if f"ref('{base}')" in text:
                staging_models[base] = path.stem
    return base_models, staging_models


def base_layer_contract(root: Path | None = None) -> list[dict[str, Any]]:
    """Every extract declared in the sources YAML, with what its base model needs.

    Raises:
        ContractError: an extract has no base model reading it (with `base_extract`) or its
            base model has no staging model.
    """
    root = root or project_dir()
    base_models, staging_models = _models_reading(root)
    extracts: list[dict[str, Any]] = []
    for path in sorted(root.glob(SOURCES_GLOB)):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or []:
            for table in source.get("tables") or []:
                key = (source["name"], table["name"])
                base = base_models.get(key)
                if base is None or base not in staging_models:
                    raise ContractError(
                        f"Extract {key[0]}__{key[1]} ({path}) has no base model "
                        f"(models/staging/{key[0]}/base/base_*.sql calling base_extract('{key[0]}', '{key[1]}'))"
                        " or no staging model reading it"
                    )
                table_meta = _meta(table)
                _check_declaration(f"{key[0]}__{key[1]}", path, table_meta, table.get("columns") or [])
                extracts.append({
                    "source": key[0],
                    "table": key[1],
                    "optional": table_meta.pop("optional", False) is True,
                    "base": base,
                    "staging": staging_models[base],
                    "meta": table_meta,
                    "columns": [
                        {"name": str(column["name"]).lower(), "meta": _meta(column)}
                        for column in table.get("columns") or []
                    ],
                })
    return extracts


def _check_declaration(
    extract_name: str, path: Path, table_meta: dict[str, Any], columns: list[dict[str, Any]]
) -> None:
    """Fail, naming the extract and the column, on a meta key or type the base layer does not know."""
    names = [str(column.get("name", "")).lower() for column in columns]
    where = f"Extract {extract_name} ({path})"
    unknown = sorted(set(table_meta) - TABLE_KEYS)
    if unknown:
        raise ContractError(f"{where}: unknown table meta {unknown}; known: {sorted(TABLE_KEYS)}")
    key = table_meta.get("key") or []
    if not key:
        raise ContractError(f"{where}: declares no key (config: meta: key: [<column>, ...])")
    if len(key) > 1 and not table_meta.get("key_column"):
        raise ContractError(f"{where}: a key of several columns needs key_column (the name of the joined key)")
    for field in ("modified_at", "versioned_by"):
        if table_meta.get(field) and table_meta[field] not in names:
            raise ContractError(f"{where}: {field} names '{table_meta[field]}', which is not a declared column")
    for name in [*key, *(table_meta.get("reject_order") or [])]:
        if name not in names:
            raise ContractError(f"{where}: '{name}' (key or reject_order) is not a declared column")
    for column, name in zip(columns, names):
        meta = _meta(column)
        unknown = sorted(set(meta) - COLUMN_KEYS)
        if unknown:
            raise ContractError(f"{where}, column '{name}': unknown meta {unknown}; known: {sorted(COLUMN_KEYS)}")
        if meta.get("type", "text") not in COLUMN_TYPES:
            raise ContractError(
                f"{where}, column '{name}': unknown type '{meta['type']}'; known: {sorted(COLUMN_TYPES)}"
            )


def render_contract_macro(root: Path | None = None) -> str:
    """The text of macros/staging/extract_contract.sql for the project's sources YAML."""
    lines = [HEADER, "{% macro abm_extract_contract() -%}", "    {{ return(["]
    for extract in base_layer_contract(root):
        header = {key: value for key, value in extract.items() if key != "columns"}
        lines.append(f"        {_jinja_literal(header)[:-1]}, 'columns': [")
        lines += [f"            {_jinja_literal(column)}," for column in extract["columns"]]
        lines.append("        ]},")
    lines += ["    ]) }}", "{%- endmacro %}", ""]
    return "\n".join(lines)


def write_contract_macro(root: Path | None = None) -> Path:
    """Rewrite macros/staging/extract_contract.sql from the sources YAML; returns its path."""
    root = root or project_dir()
    target = root / CONTRACT_MACRO
    target.write_text(render_contract_macro(root), encoding="utf-8")
    return target


def main() -> int:
    """Command line: rewrite the contract macro and say where."""
    print(f"wrote {write_contract_macro()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
