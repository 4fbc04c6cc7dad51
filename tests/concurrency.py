"""Run callables at the same instant on real threads: the race tests' one helper (PostgreSQL, real transactions)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def run_together(*targets: Callable, timeout: float = 30) -> list:
    """Start every target behind a barrier, each on its own thread and database connection.

    Returns each target's result, or the exception it raised, in the order given.
    """
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)

    def runner(index: int, target: Callable) -> None:
        try:
            barrier.wait()
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    close_old_connections()
    return results
