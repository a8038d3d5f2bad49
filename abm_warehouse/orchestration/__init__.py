"""Dagster definitions of the scheduled build (see `assets` and `definitions`)."""
