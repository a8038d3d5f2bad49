"""Validation suites for the public marts (great-expectations, pandas datasource).

`manifest` reads each public mart's contract and tests from the dbt manifest, `specific` holds
the few expectations the manifest cannot tell (row counts tied to inputs), `suites` turns both
into expectation suites, `runner` validates a built DuckDB warehouse and `report` writes the
JSON and HTML result. Entry point: `abm validate` (and every `abm build`, before publishing).
"""
