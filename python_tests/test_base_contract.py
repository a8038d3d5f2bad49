"""The base layer's contract macro is generated from the sources YAML and kept in sync with it;
a declaration the base layer cannot read fails naming the extract and the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from abm_warehouse.base_contract import CONTRACT_MACRO, base_layer_contract, render_contract_macro
from abm_warehouse.contract import ContractError, load_contract
from abm_warehouse.paths import project_dir

SOURCES = """\
version: 2
sources:
  - name: shop
    tables:
      - name: order_line
        config:
          meta:
            key: [order_id, line]
            key_column: order_line_id
{extra_table_meta}
        columns:
          - name: order_id
            config: {{meta: {{required: true}}}}
          - name: line
            config: {{meta: {{required: true, type: integer}}}}
          - name: amount
            config: {{meta: {{type: {amount_type}}}}}
"""


def _tiny_project(root: Path, amount_type: str = "money", extra_table_meta: str = "") -> Path:
    """A project with one extract (shop__order_line), its base model and its staging model."""
    (root / "models/staging/shop/base").mkdir(parents=True)
    (root / "models/staging/shop/_shop__sources.yml").write_text(
        SOURCES.format(amount_type=amount_type, extra_table_meta=extra_table_meta)
    )
    (root / "models/staging/shop/base/base_shop__order_lines.sql").write_text(
        "{{ base_extract('shop', 'order_line') }}\n"
    )
    (root / "models/staging/shop/stg_shop__order_lines.sql").write_text(
        "select * from {{ ref('base_shop__order_lines') }}\n"
    )
    return root


def test_committed_macro_matches_the_sources_yaml() -> None:
    committed = (project_dir() / CONTRACT_MACRO).read_text(encoding="utf-8")
    assert committed == render_contract_macro(), (
        "macros/staging/extract_contract.sql is stale: run `python -m abm_warehouse.base_contract`"
    )


def test_every_declared_extract_has_a_base_and_a_staging_model() -> None:
    extracts = base_layer_contract()
    # the same 24 extracts the loader's contract reads from the YAML
    assert sorted(f"{e['source']}__{e['table']}" for e in extracts) == sorted(load_contract())
    assert len(extracts) == 24
    accounts = next(e for e in extracts if (e["source"], e["table"]) == ("crm", "account"))
    assert (accounts["base"], accounts["staging"]) == ("base_crm__accounts", "stg_crm__accounts")
    assert accounts["meta"]["key"] == ["id"] and accounts["meta"]["modified_at"] == "last_modified_date"
    answer_checks = next(e for e in extracts if e["source"] == "ai_search")
    assert answer_checks["optional"] is True and "optional" not in answer_checks["meta"]


def test_tiny_project_is_read_with_its_models(tmp_path: Path) -> None:
    (extract,) = base_layer_contract(_tiny_project(tmp_path))
    assert extract["base"] == "base_shop__order_lines"
    assert extract["staging"] == "stg_shop__order_lines"
    assert extract["meta"] == {"key": ["order_id", "line"], "key_column": "order_line_id"}
    assert [c["name"] for c in extract["columns"]] == ["order_id", "line", "amount"]
    assert "'type': 'money'" in render_contract_macro(tmp_path)


def test_unknown_type_names_extract_and_column(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match=r"shop__order_line.*column 'amount': unknown type 'monee'"):
        base_layer_contract(_tiny_project(tmp_path, amount_type="monee"))


def test_modification_time_must_be_a_declared_column(tmp_path: Path) -> None:
    project = _tiny_project(tmp_path, extra_table_meta="            modified_at: updated_at")
    with pytest.raises(ContractError, match="shop__order_line.*modified_at names 'updated_at'"):
        base_layer_contract(project)


def test_extract_without_base_model_is_named(tmp_path: Path) -> None:
    project = _tiny_project(tmp_path)
    (project / "models/staging/shop/base/base_shop__order_lines.sql").unlink()
    with pytest.raises(ContractError, match="Extract shop__order_line .* has no base model"):
        base_layer_contract(project)
