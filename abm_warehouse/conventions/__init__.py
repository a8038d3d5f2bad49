"""House conventions checked by dbt-score (see `[tool.dbt-score]` in pyproject.toml).

The rules live in `rules.py`; `python_tests/test_conventions.py` runs dbt-score with them on
the project's manifest.
`versioning.py` prepares the KPI marts' v1 versions in their yml files.
"""
