"""Fact blocks: the numbers a policy states (prices, thresholds, times, windows, bank details) come from data.

A merchant writes the prose and puts a placeholder where a fact goes, e.g. ``[[delivery_table]]`` or
``[[cutoff_time]]``. The app that owns the data registers the fact here (policies sits low in the layers and
imports none of them: ``policy_fact_register`` is called from the owner's ``AppConfig.ready()``):

- ``collect()`` reads the current configuration and returns it as plain JSON data (amounts in minor units,
  country codes, "HH:MM" times). Publishing a version stores this snapshot with it (``PolicyVersion.facts``),
  so an old version keeps showing the facts that were true while it was in force.
- ``render(data)`` turns a snapshot into HTML in the active language, at display time: every language shows
  the same facts, formatted its own way.
- ``summarise(old, new)`` says what changed, one line per change ("Delivery to Poland: €7.95 -> €8.95"): the
  change summary of the version published automatically when the data changes (``policy_facts_refresh``).
- ``senders``: the models whose save or delete may change the fact; each such commit runs the refresh.

A placeholder alone in a paragraph (``<p>[[delivery_table]]</p>``) is replaced together with the paragraph,
so a table is not nested in a ``<p>``; elsewhere it is replaced inline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise

FactData = Any  # JSON-able: dict, list, str, int
PLACEHOLDER_RE = re.compile(r"\[\[\s*([a-z][a-z0-9_]*)\s*\]\]")
_PARAGRAPH_RE = re.compile(r"<p>\s*\[\[\s*([a-z][a-z0-9_]*)\s*\]\]\s*</p>")


@dataclass(frozen=True)
class PolicyFact:
    key: str
    label: str | Promise  # offered in the policy editor
    collect: Callable[[], FactData]
    render: Callable[[FactData], str]  # HTML built with format_html: data is escaped
    summarise: Callable[[FactData, FactData], list[str]]
    senders: tuple[type[models.Model], ...] = field(default=())

    @property
    def placeholder(self) -> str:
        return f"[[{self.key}]]"


FACTS: dict[str, PolicyFact] = {}
# Called after a commit that changed a fact's data; set by ``policies.apps`` to ``policy_facts_refresh`` (the
# service lives above this module).
_on_change: list[Callable[[], object]] = []


def policy_fact_register(fact: PolicyFact) -> None:
    """Make ``fact`` available to policy texts; a save or delete of any of its ``senders`` refreshes policies."""
    FACTS[fact.key] = fact
    for sender in fact.senders:
        for signal in (post_save, post_delete):
            signal.connect(_data_changed, sender=sender, dispatch_uid=f"policies.facts.{sender._meta.label}")


def facts_on_change(callback: Callable[[], object]) -> None:
    _on_change[:] = [callback]


def _data_changed(**kwargs) -> None:
    for callback in _on_change:
        # After the commit, once per transaction at most in effect: a refresh with nothing new publishes nothing.
        transaction.on_commit(callback, robust=True)


def fact_keys(html: str) -> list[str]:
    """The placeholders used in ``html``, in order of first use, known or not."""
    return list(dict.fromkeys(PLACEHOLDER_RE.findall(html or "")))


def facts_unknown(html: str) -> list[str]:
    return [key for key in fact_keys(html) if key not in FACTS]


def facts_collect(html: str) -> dict[str, FactData]:
    """The current data of every registered fact ``html`` uses: the snapshot a new version stores."""
    return {key: FACTS[key].collect() for key in fact_keys(html) if key in FACTS}


def facts_render(*, html: str, snapshot: dict[str, FactData]) -> str:
    """``html`` with each known placeholder replaced by its fact, rendered from ``snapshot`` (or, for a key the
    snapshot lacks, from the current data) in the active language. Unknown placeholders stay as written."""
    rendered: dict[str, str] = {}

    def fact_html(key: str) -> str | None:
        if key not in FACTS:
            return None
        if key not in rendered:
            data = snapshot[key] if key in snapshot else FACTS[key].collect()
            rendered[key] = str(FACTS[key].render(data))
        return rendered[key]

    def replace(match: re.Match) -> str:
        html_ = fact_html(match.group(1))
        return match.group(0) if html_ is None else html_

    return PLACEHOLDER_RE.sub(replace, _PARAGRAPH_RE.sub(replace, html or ""))


def facts_summary_lines(*, old: dict[str, FactData], new: dict[str, FactData]) -> list[str]:
    """What changed between two snapshots, fact by fact, in the order the keys appear in ``new``."""
    lines: list[str] = []
    for key, data in new.items():
        if key in FACTS and key in old and old[key] != data:
            lines.extend(FACTS[key].summarise(old[key], data))
    return lines
