"""The periodic scheduler enqueues each task of settings.PERIODIC_TASKS on its interval; bad entries fail loudly."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import task

from core.management.commands.run_scheduler import periodic_tasks_enqueue_due, periodic_tasks_load

CALLS: list[str] = []


@task
def ping() -> None:
    CALLS.append("ping")


@task
def pong() -> None:
    CALLS.append("pong")


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


def test_once_enqueues_every_configured_task(settings):
    """Tests use the ImmediateBackend, so an enqueued task has run when enqueue() returns."""
    settings.PERIODIC_TASKS = [(f"{__name__}.ping", 60), (f"{__name__}.pong", 300)]
    call_command("run_scheduler", "--once")
    assert CALLS == ["ping", "pong"]


def test_each_task_runs_on_its_own_interval():
    tasks = periodic_tasks_load(entries=[(f"{__name__}.ping", 10), (f"{__name__}.pong", 25)])
    enqueued = []
    for second in range(0, 51):
        enqueued += [(second, path.rsplit(".", 1)[1]) for path in periodic_tasks_enqueue_due(tasks=tasks, now=second)]
    assert enqueued == [
        (0, "ping"), (0, "pong"), (10, "ping"), (20, "ping"), (25, "pong"), (30, "ping"), (40, "ping"),
        (50, "ping"), (50, "pong"),
    ]  # fmt: skip


def test_an_empty_list_is_fine(settings):
    settings.PERIODIC_TASKS = []
    call_command("run_scheduler", "--once")
    assert CALLS == []


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("no.such.module.task", 60)], "cannot import"),
        ([(f"{__name__}.CALLS", 60)], "is not a task"),
        ([(f"{__name__}.ping", 0)], "positive number"),
        ([(f"{__name__}.ping", "60")], "positive number"),
        (["just-a-string"], "dotted task path, seconds"),
    ],
)
def test_bad_configuration_is_refused_with_a_clear_message(settings, entries, message):
    settings.PERIODIC_TASKS = entries
    with pytest.raises(CommandError, match=message):
        call_command("run_scheduler", "--once")
    assert CALLS == []


def test_a_failing_enqueue_does_not_stop_the_other_tasks(monkeypatch):
    tasks = periodic_tasks_load(entries=[(f"{__name__}.ping", 10), (f"{__name__}.pong", 10)])

    def broken(*args, **kwargs):
        raise ConnectionError("database locked")

    monkeypatch.setattr(tasks[0], "task", type("Broken", (), {"enqueue": staticmethod(broken)})())
    assert periodic_tasks_enqueue_due(tasks=tasks, now=0) == [f"{__name__}.pong"]
    assert CALLS == ["pong"]
