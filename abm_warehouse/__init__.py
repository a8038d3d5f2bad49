"""ABM KPI warehouse: Python helpers around the dbt project (demo data, loading, checks)."""
