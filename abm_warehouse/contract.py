"""The extract contract, read from the dbt sources YAML files.

`models/staging/<system>/_<system>__sources.yml` is the single source of truth for which
extracts exist, which columns they have and which of those are required. The loader and the
command line read it from there; nothing in Python repeats a column list.

- extract name: `<source>__<table>` (`crm__account`), the default of the table's identifier var
  (`crm_account_identifier`) and the name of the file and of the loaded table.
- required column: `config: {meta: {required: true}}` (or the older `meta: {required: true}`).
- optional extract: `config: {meta: {optional: true}}` (or `meta`) on the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from abm_warehouse.paths import project_dir

SOURCES_GLOB = "models/staging/*/_*__sources.yml"


@dataclass(frozen=True)
class Extract:
    """One extract (one raw table) of the contract.

    Attributes:
        name: the raw table name, e.g. ``crm__account``.
        source: the dbt source name, e.g. ``crm``.
        table: the dbt source table name, e.g. ``account``.
        columns: every declared column, in YAML order, lower case.
        required: the declared columns that must be present.
        optional: True when the whole extract may be absent (e.g. AI answer checks).
        sources_file: the YAML file that declares it.
    """

    name: str
    source: str
    table: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    optional: bool
    sources_file: Path


class ContractError(Exception):
    """The sources YAML files cannot be read as an extract contract."""


def _meta(node: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `meta` and `config.meta` of a YAML node (config wins, as in dbt)."""
    merged: dict[str, Any] = dict(node.get("meta") or {})
    config = node.get("config") or {}
    merged.update(config.get("meta") or {})
    return merged


def _extract_name(source_name: str, table: Mapping[str, Any]) -> str:
    """`<source>__<table>`; a literal identifier (no Jinja) is used as written."""
    identifier = str(table.get("identifier") or "")
    if identifier and "{" not in identifier:
        return identifier
    return f"{source_name}__{table['name']}"


def _parse_sources_file(path: Path) -> list[Extract]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContractError(f"{path}: not valid YAML ({error})") from error
    extracts: list[Extract] = []
    for source in document.get("sources") or []:
        source_name = source["name"]
        for table in source.get("tables") or []:
            columns = [column for column in table.get("columns") or [] if column.get("name")]
            extracts.append(
                Extract(
                    name=_extract_name(source_name, table),
                    source=source_name,
                    table=table["name"],
                    columns=tuple(str(column["name"]).lower() for column in columns),
                    required=tuple(
                        str(column["name"]).lower()
                        for column in columns
                        if _meta(column).get("required") is True
                    ),
                    optional=_meta(table).get("optional") is True,
                    sources_file=path,
                )
            )
    return extracts


def load_contract(root: Path | None = None) -> dict[str, Extract]:
    """Read every extract declared in the project's sources YAML files.

    Args:
        root: the dbt project directory (default: the project this package belongs to).

    Returns:
        The extracts by name (``crm__account`` -> Extract), sorted by name.

    Raises:
        ContractError: no sources file was found, a file is not valid YAML, or two files
            declare the same extract.
    """
    root = root or project_dir()
    files = sorted(root.glob(SOURCES_GLOB))
    if not files:
        raise ContractError(f"No sources files ({SOURCES_GLOB}) under {root}")
    contract: dict[str, Extract] = {}
    for path in files:
        for extract in _parse_sources_file(path):
            if extract.name in contract:
                raise ContractError(
                    f"Extract {extract.name} is declared twice: in {contract[extract.name].sources_file}"
                    f" and in {path}"
                )
            contract[extract.name] = extract
    return dict(sorted(contract.items()))
