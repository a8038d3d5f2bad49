"""House conventions checked by dbt-score (see `[tool.dbt-score]` in pyproject.toml).

The rules live in `rules.py`; `check.py` runs dbt-score on a manifest from Python (tests, CI).
`versioning.py` prepares the KPI marts' v1 versions in their yml files.
"""
