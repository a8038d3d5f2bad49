"""Deterministic demo-data generator for the ABM KPI warehouse.

`abm_warehouse.generator.demo.generate` writes one file per extract of the extract contract
(docs: shared spec `extracts.md`) telling a consistent two-year ABM story with planted dirt;
`abm_warehouse.generator.config_seeds` writes the configuration seeds that depend on that story.
"""
