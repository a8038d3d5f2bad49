"""The project's house rules as dbt-score rules (docs/architecture.md, the house style guide).

Every rule is CRITICAL: one violation scores its model 0 and fails `dbt-score lint`.
"""

# No `from __future__ import annotations`: dbt-score reads the annotations at runtime.

import re

from dbt_score import Model, RuleViolation, Severity, rule

# Folder (under models/) -> the pattern a model name must match there. First match wins.
LAYER_NAMES: tuple[tuple[str, str, str], ...] = (
    ("models/staging/", r"^models/staging/(?P<system>[a-z0-9_]+)/base/[^/]+$", r"^base_{system}__[a-z0-9_]+$"),
    ("models/staging/", r"^models/staging/(?P<system>[a-z0-9_]+)/[^/]+$", r"^stg_{system}__[a-z0-9_]+$"),
    ("models/intermediate/", r"^models/intermediate/[a-z0-9_]+/[^/]+$", r"^int_[a-z0-9_]+$"),
    ("models/marts/core/", r"^models/marts/core/[^/]+$", r"^(dim|fct)_[a-z0-9_]+$"),
    ("models/marts/kpi/", r"^models/marts/kpi/([a-z0-9_]+/)?[^/]+$", r"^kpi_[a-z0-9_]+$"),
    ("models/audit/", r"^models/audit/[^/]+$", r"^audit_[a-z0-9_]+$"),
    # wide pivots of a fact whose columns follow a configuration seed (no fixed contract)
    ("models/presentation/", r"^models/presentation/[^/]+$", r"^(dim|fct)_[a-z0-9_]+_wide$"),
    # the semantic layer's only models are MetricFlow time spines
    ("models/semantic/", r"^models/semantic/[^/]+$", r"^(metricflow_time_spine|time_spine_[a-z0-9_]+)$"),
)
PRIMARY_KEY_TESTS = {"unique", "unique_combination_of_columns"}


def _layer(model: Model) -> str:
    """`staging`, `intermediate`, `marts`, `audit` or `` from the model's folder."""
    parts = model.original_file_path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "models" else ""


@rule(severity=Severity.CRITICAL)
def model_name_matches_layer(model: Model) -> RuleViolation | None:
    """A model lives in a layer folder and carries that layer's prefix.

    staging/<system>/base/base_<system>__*, staging/<system>/stg_<system>__*,
    intermediate/<topic>/int_*, marts/core/dim_* or fct_*, marts/kpi[/<phase>]/kpi_*, audit/audit_*,
    presentation/*_wide, semantic/metricflow_time_spine.
    """
    path = model.original_file_path
    for folder, path_pattern, name_pattern in LAYER_NAMES:
        if not path.startswith(folder):
            continue
        match = re.match(path_pattern, path)
        if match is None:
            continue
        expected = name_pattern.format(**match.groupdict())
        if re.match(expected, model.name):
            return None
        return RuleViolation(f"{model.name} in {path.rsplit('/', 1)[0]}/ should match {expected}.")
    return RuleViolation(f"{path} is not in a layer folder (staging/<system>, intermediate/<topic>, marts/core, marts/kpi, audit, presentation, semantic).")


@rule(severity=Severity.CRITICAL)
def has_primary_key_test(model: Model) -> RuleViolation | None:
    """Every model, without exception, has its primary key tested: a column `unique` test or
    unique_combination_of_columns (a base model: `_source_row_number`, one row per raw row)."""
    if any(test.type in PRIMARY_KEY_TESTS for test in model.tests):
        return None
    if any(test.type in PRIMARY_KEY_TESTS for column in model.columns for test in column.tests):
        return None
    return RuleViolation("No primary-key test (unique or unique_combination_of_columns).")


@rule(severity=Severity.CRITICAL)
def model_is_described(model: Model) -> RuleViolation | None:
    """Every model has a description."""
    if not (model.description or "").strip():
        return RuleViolation("Model lacks a description.")
    return None


@rule(severity=Severity.CRITICAL)
def columns_are_described(model: Model) -> RuleViolation | None:
    """Every documented column of a model has a description."""
    missing = [column.name for column in model.columns if not (column.description or "").strip()]
    if missing:
        return RuleViolation(f"Columns lack a description: {', '.join(missing)}.")
    return None


@rule(severity=Severity.CRITICAL)
def public_model_has_contract(model: Model) -> RuleViolation | None:
    """A public model enforces its contract."""
    if model.access == "public" and not (model.config.get("contract") or {}).get("enforced"):
        return RuleViolation("Public model without an enforced contract.")
    return None


@rule(severity=Severity.CRITICAL)
def only_marts_are_public(model: Model) -> RuleViolation | None:
    """Staging, intermediate and audit models are not public; marts are."""
    layer = _layer(model)
    if layer == "marts" and model.access != "public":
        return RuleViolation(f"Mart with access {model.access}: marts are public.")
    if layer != "marts" and model.access == "public":
        return RuleViolation(f"{layer or 'this'} model is public: only marts are.")
    return None


@rule(severity=Severity.CRITICAL)
def model_has_owner_group(model: Model) -> RuleViolation | None:
    """Every model belongs to a group (models/_groups.yml names its owner)."""
    if not model.group:
        return RuleViolation("Model belongs to no group.")
    return None


@rule(severity=Severity.CRITICAL)
def sources_only_in_staging(model: Model, layers: list[str] | None = None) -> RuleViolation | None:
    """Only staging models select from sources (`layers`, default staging and audit: the
    extract reconciliation counts raw rows next to staged ones, docs/architecture.md)."""
    allowed = layers or ["staging", "audit"]
    sources = [node for node in model.depends_on.get("nodes", []) if node.startswith("source.")]
    if sources and _layer(model) not in allowed:
        names = ", ".join(sorted(node.split(".", 2)[2] for node in sources))
        return RuleViolation(f"Reads sources outside {' / '.join(allowed)}: {names}.")
    return None


@rule(severity=Severity.CRITICAL)
def no_mart_upstream(model: Model) -> RuleViolation | None:
    """Data flows one way: no mart feeds a staging or intermediate model."""
    if _layer(model) not in ("staging", "intermediate"):
        return None
    marts = sorted(
        parent.name
        for parent in model.parents
        if isinstance(parent, Model) and _layer(parent) == "marts"
    )
    if marts:
        return RuleViolation(f"{_layer(model)} model reads marts: {', '.join(marts)}.")
    return None


@rule(severity=Severity.CRITICAL)
def kpi_mart_is_versioned(model: Model) -> RuleViolation | None:
    """A KPI mart is a versioned model (v1, …): a change of definition ships as a new version."""
    if _layer(model) == "marts" and model.name.startswith("kpi_") and model._raw_values.get("version") is None:
        return RuleViolation("KPI mart is not versioned (add `versions: [{v: 1}]` and `latest_version: 1`).")
    return None


# What each kind of mart may read (docs/architecture.md, "Core layer: what a KPI mart may read").
CALENDAR_FOLDER = "models/intermediate/calendar/"


@rule(severity=Severity.CRITICAL)
def marts_read_the_core_layer(model: Model) -> RuleViolation | None:
    """A mart reads no staging model; a KPI mart reads only core facts and dimensions, the
    calendar (intermediate/calendar) and other KPI marts (seeds are configuration, allowed)."""
    if _layer(model) != "marts":
        return None
    parents = [parent for parent in model.parents if isinstance(parent, Model)]
    staging = sorted(parent.name for parent in parents if _layer(parent) == "staging")
    if staging:
        return RuleViolation(f"Mart reads staging: {', '.join(staging)}.")
    if not model.original_file_path.startswith("models/marts/kpi/"):
        return None
    outside = sorted(
        parent.name
        for parent in parents
        if not (
            _layer(parent) == "marts" or parent.original_file_path.startswith(CALENDAR_FOLDER)
        )
    )
    if outside:
        return RuleViolation(f"KPI mart reads beyond the core layer and the calendar: {', '.join(outside)}.")
    return None
