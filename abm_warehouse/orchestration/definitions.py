"""The code location Dagster loads: `dagster dev -m abm_warehouse.orchestration.definitions`.

Settings come from the environment (see `OrchestrationSettings.from_environment`); at least
ABM_EXTRACTS_DIR must be set. Loading runs `dbt parse` once to read the models.
"""

from __future__ import annotations

from abm_warehouse.orchestration.assets import build_definitions

defs = build_definitions()
