"""Fault injection for the ops tests: a database connection that dies in the middle of a request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection
from django.db.utils import OperationalError

WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE")
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "BEGIN")


def _terminate_backend() -> None:
    """PostgreSQL: kill our own server process from a second connection, as a crashed server or network would."""
    pid = connection.connection.info.backend_pid
    s = connection.settings_dict
    with psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"] or None,
        autocommit=True,
    ) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])


@contextmanager
def connection_drops_after_writes(writes: int = 1) -> Iterator[dict]:
    """After ``writes`` INSERT/UPDATE/DELETE statements, the connection is gone for every later statement.

    On PostgreSQL the backend is really terminated (``pg_terminate_backend``), so the driver sees a closed
    connection; on SQLite (no server to kill) each later statement raises OperationalError.
    """
    state = {"writes": 0, "dropped": False}

    def wrapper(execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if state["writes"] >= writes and not statement.startswith(TRANSACTION_CONTROL):
            if connection.vendor == "postgresql":
                if not state["dropped"]:
                    _terminate_backend()
            else:
                state["dropped"] = True
                raise OperationalError("database connection lost (simulated)")
            state["dropped"] = True
        result = execute(sql, params, many, context)
        if statement.startswith(WRITE_PREFIXES):
            state["writes"] += 1
        return result

    try:
        with connection.execute_wrapper(wrapper):
            yield state
    finally:
        connection.close()  # the next query opens a fresh connection
