"""Safe publishing on PostgreSQL: build into shadow schemas, then swap them in one transaction.

`abm build --target postgres` sets ABM_SCHEMA_SUFFIX, so dbt writes every layer except raw into
shadow schemas (`config__next`, `staging__next`, `intermediate__next`, `marts__next`,
`audit__next`). Only when every test passed does `swap_shadow_schemas` run, in one transaction:
drop each published schema, rename its shadow over it, and grant the BI role `select` on the
marts. PostgreSQL DDL is transactional and views refer to tables by identity, not by name, so
a reader sees either the whole previous build or the whole new one, never a mix; a failed build
leaves the published schemas as they were (its shadow schemas are dropped at the next build).

The BI role (ABM_BI_ROLE, default `abm_bi_reader`) is created without login when it does not
exist; it gets `usage` on the `marts` schema and `select` on its tables and views, and nothing
on raw, config, staging, intermediate or audit. Grant it to the logins of your BI tools
(`grant abm_bi_reader to metabase;`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

SHADOW_SUFFIX = "__next"
"""Appended to every layer's schema while a PostgreSQL build runs."""

DEFAULT_BI_ROLE = "abm_bi_reader"
BI_SCHEMAS = ("marts",)
"""The schemas the BI role may read."""


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def bi_role_name(environ: Mapping[str, str] | None = None) -> str:
    """The BI role's name: ABM_BI_ROLE, else `abm_bi_reader`."""
    environ = os.environ if environ is None else environ
    return environ.get("ABM_BI_ROLE") or DEFAULT_BI_ROLE


def _connect(settings: Mapping[str, Any]) -> Any:
    import psycopg2

    return psycopg2.connect(**settings)


def _shadow_schemas(cursor: Any) -> list[str]:
    cursor.execute(
        "select nspname from pg_namespace where right(nspname, %s) = %s order by nspname",
        (len(SHADOW_SUFFIX), SHADOW_SUFFIX),
    )
    return [row[0] for row in cursor.fetchall()]


def drop_shadow_schemas(settings: Mapping[str, Any]) -> list[str]:
    """Drop the shadow schemas a previous (failed) build left behind; return their names."""
    connection = _connect(settings)
    try:
        with connection, connection.cursor() as cursor:
            dropped = _shadow_schemas(cursor)
            for schema in dropped:
                cursor.execute(f"drop schema {_quote(schema)} cascade")
    finally:
        connection.close()
    return dropped


def swap_shadow_schemas(settings: Mapping[str, Any], bi_role: str = DEFAULT_BI_ROLE) -> list[str]:
    """Publish the shadow schemas in one transaction and grant the BI role the marts.

    Args:
        settings: psycopg2 connection settings (see `abm_warehouse.loader.postgres_settings`).
        bi_role: the role that may read the marts (created without login if missing).

    Returns:
        The published schema names.

    Raises:
        RuntimeError: there is no shadow `marts` schema to publish (nothing was built).
    """
    connection = _connect(settings)
    try:
        with connection, connection.cursor() as cursor:
            shadows = _shadow_schemas(cursor)
            published = [schema[: -len(SHADOW_SUFFIX)] for schema in shadows]
            if "marts" not in published:
                raise RuntimeError(f"no marts{SHADOW_SUFFIX} schema to publish; the build wrote no marts")
            for shadow, schema in zip(shadows, published):
                cursor.execute(f"drop schema if exists {_quote(schema)} cascade")
                cursor.execute(f"alter schema {_quote(shadow)} rename to {_quote(schema)}")
            # Same transaction: should the role or a grant fail, the swap above is rolled back.
            cursor.execute("select 1 from pg_roles where rolname = %s", (bi_role,))
            if cursor.fetchone() is None:
                cursor.execute(f"create role {_quote(bi_role)} nologin")
            for schema in BI_SCHEMAS:
                cursor.execute(f"grant usage on schema {_quote(schema)} to {_quote(bi_role)}")
                cursor.execute(f"grant select on all tables in schema {_quote(schema)} to {_quote(bi_role)}")
    finally:
        connection.close()
    return published
