"""Connecting to the warehouse database, with messages that name the cause and the next step.

A wrong host or port, a server that is down, bad credentials and a missing database each get a
sentence saying which setting to check, instead of a driver traceback or a message about the
extracts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ConnectionProblem(Exception):
    """The warehouse database cannot be reached or refuses the login; the message says why."""


def _settings(environ: Mapping[str, str] | None) -> dict[str, Any]:
    from abm_warehouse.loader import postgres_settings

    return postgres_settings(environ)


def explain_postgres_error(settings: Mapping[str, Any], error: Exception) -> str:
    """One message for a failed PostgreSQL connection: where, the cause, and what to check."""
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    lowered = str(error).lower()
    where = f"PostgreSQL at {settings['host']}:{settings['port']} (database {settings['dbname']}, user {settings['user']})"
    if "password authentication failed" in lowered or ("role" in lowered and "does not exist" in lowered) \
            or "no password supplied" in lowered or "authentication failed" in lowered:
        return (
            f"{where} refused the login: {detail}. Check ABM_PG_USER and ABM_PG_PASSWORD "
            "(the user must exist and may create schemas in the database)."
        )
    if "database" in lowered and "does not exist" in lowered:
        return (
            f"{where}: the database does not exist ({detail}). Create it "
            f"(createdb {settings['dbname']}) or set ABM_PG_DATABASE to an existing one."
        )
    return (
        f"Cannot reach {where}: {detail}. Check that the server is running and that ABM_PG_HOST "
        "and ABM_PG_PORT point at it."
    )


def connect_postgres(environ: Mapping[str, str] | None = None) -> Any:
    """A psycopg2 connection from the ABM_PG_* settings.

    Raises:
        ConnectionProblem: the server cannot be reached, refuses the login or lacks the database.
    """
    import psycopg2

    settings = _settings(environ)
    try:
        return psycopg2.connect(connect_timeout=10, **settings)
    except psycopg2.OperationalError as error:
        raise ConnectionProblem(explain_postgres_error(settings, error)) from error


def check_postgres(environ: Mapping[str, str] | None = None) -> None:
    """Connect once and close: fails early, with ConnectionProblem, before anything is built."""
    connect_postgres(environ).close()
