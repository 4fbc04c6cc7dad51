"""Lifecycles as tables of named events: each event lists the states it may start from and the state it leads to.

An app defines its table (``orders/lifecycle.py``, ``payments/lifecycle.py``) and one function that applies an
event: it asks the table, moves the row and records the event with its time, cause and actor. Callers do not
check the current state themselves; an event the table does not allow raises ``IllegalEvent``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import ApplicationError


class IllegalEvent(ApplicationError):
    """The event is not allowed from the row's current state."""


@dataclass(frozen=True)
class Event:
    name: str
    sources: frozenset[str]
    target: str


class Lifecycle:
    """A table of events. ``target(state, event)`` is the state ``event`` leads to from ``state``, or raises."""

    def __init__(self, name: str, states: Iterable[str], events: Iterable[Event]) -> None:
        self.name = name
        self.states = tuple(states)
        self.events = {event.name: event for event in events}
        for event in self.events.values():
            unknown = (event.sources | {event.target}) - set(self.states)
            if unknown:
                raise ValueError(f"{name}.{event.name}: unknown states {sorted(unknown)}")

    def allows(self, state: str, event: str) -> bool:
        return state in self.events[event].sources

    def target(self, state: str, event: str) -> str:
        if event not in self.events:
            raise KeyError(f"{self.name}: no event {event!r}")
        if not self.allows(state, event):
            raise IllegalEvent(f"{self.name}: {event} is not allowed from {state}.")
        return self.events[event].target

    def events_from(self, state: str) -> list[str]:
        return [name for name, event in self.events.items() if state in event.sources]

    def event_between(self, state: str, target: str) -> str:
        """The one event that leads from ``state`` to ``target`` (seed data and tests walk a row this way)."""
        names = [name for name in self.events_from(state) if self.events[name].target == target]
        if len(names) != 1:
            raise IllegalEvent(f"{self.name}: no single event leads from {state} to {target}.")
        return names[0]
