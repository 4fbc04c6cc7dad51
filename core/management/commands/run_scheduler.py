"""Enqueue periodic tasks: every entry of ``settings.PERIODIC_TASKS`` -- ``(dotted task path, seconds)`` --
is enqueued at start and then every ``seconds``; the task worker (``db_worker``) runs them.

A bad entry (not importable, not a task, interval not a positive number) stops the command at once with a
clear message. A failing enqueue is logged and retried at the next interval. SIGINT/SIGTERM stop it cleanly.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks.base import Task

logger = logging.getLogger("trustmark.scheduler")


@dataclass
class PeriodicTask:
    path: str
    task: Task
    interval: float
    next_due: float = 0.0


def periodic_tasks_load(*, entries) -> list[PeriodicTask]:
    """Check and import ``PERIODIC_TASKS``; raise ``CommandError`` naming the bad entry."""
    loaded = []
    for entry in entries or []:
        try:
            path, interval = entry
        except (TypeError, ValueError) as error:
            raise CommandError(f"PERIODIC_TASKS entries are (dotted task path, seconds), not {entry!r}") from error
        if not isinstance(interval, int | float) or isinstance(interval, bool) or interval <= 0:
            raise CommandError(f"PERIODIC_TASKS: the interval of {path!r} must be a positive number of seconds.")
        try:
            task = import_string(path)
        except ImportError as error:
            raise CommandError(f"PERIODIC_TASKS: cannot import {path!r} ({error}).") from error
        if not isinstance(task, Task):
            raise CommandError(f"PERIODIC_TASKS: {path!r} is not a task (decorate it with @task).")
        loaded.append(PeriodicTask(path=path, task=task, interval=float(interval)))
    return loaded


def periodic_tasks_enqueue_due(*, tasks: list[PeriodicTask], now: float) -> list[str]:
    """Enqueue every task whose time has come; return the paths enqueued."""
    enqueued = []
    for item in tasks:
        if now < item.next_due:
            continue
        item.next_due = now + item.interval
        try:
            item.task.enqueue()
        except Exception:  # one broken task must not stop the others
            logger.exception("could not enqueue periodic task %s", item.path)
            continue
        enqueued.append(item.path)
    return enqueued


class Command(BaseCommand):
    help = "Enqueue the tasks listed in settings.PERIODIC_TASKS, each every N seconds (Ctrl-C stops)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue every periodic task once, then exit")

    def handle(self, *args, **options) -> None:
        tasks = periodic_tasks_load(entries=getattr(settings, "PERIODIC_TASKS", []))
        if options["once"]:
            for path in periodic_tasks_enqueue_due(tasks=tasks, now=time.monotonic()):
                self.stdout.write(f"enqueued {path}")
            return
        if not tasks:
            self.stdout.write("scheduler: no periodic tasks configured (settings.PERIODIC_TASKS is empty).")
        else:
            listed = ", ".join(f"{t.path} every {t.interval:g}s" for t in tasks)
            self.stdout.write(f"scheduler: {listed}")

        stop = threading.Event()

        def on_signal(signum, frame):
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, on_signal)
        while not stop.is_set():
            close_old_connections()
            now = time.monotonic()
            for path in periodic_tasks_enqueue_due(tasks=tasks, now=now):
                logger.info("enqueued %s", path)
            upcoming = min((t.next_due for t in tasks), default=now + 60)
            # Short naps so a signal is noticed within a second.
            stop.wait(timeout=min(max(upcoming - time.monotonic(), 0.1), 1.0))
        close_old_connections()
        self.stdout.write("scheduler stopped.")
