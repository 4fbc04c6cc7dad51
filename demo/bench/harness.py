"""The bench's harness: a section measures pages with ``BenchContext.measure`` and returns a ``BenchTable``.

Sections are functions ``section(ctx: BenchContext) -> BenchTable``, listed in ``demo.bench.SECTIONS``;
``manage.py bench`` (demo/management/commands/bench.py) runs them in a throwaway database and prints the tables.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Measurement:
    queries: int  # the usual count (the most common one over the timed requests)
    median_ms: float
    status: int
    queries_max: int = 0  # the most seen in one request (e.g. a request that refilled an expired cache)

    @property
    def queries_text(self) -> str:
        return str(self.queries) if self.queries_max <= self.queries else f"{self.queries} (max {self.queries_max})"


@dataclass
class BenchTable:
    title: str
    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class BenchContext:
    sizes: tuple[int, ...]
    requests: int
    client: Client = field(default_factory=Client)

    def measure(
        self, path: str, *, method: str = "get", data: dict | None = None, client: Client | None = None
    ) -> Measurement:
        """One warm-up request, then ``requests`` timed ones, each inside CaptureQueriesContext."""
        client = client or self.client
        send = getattr(client, method)
        send(path, data or {})
        timings, counts, status = [], [], 0
        for _ in range(self.requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = send(path, data or {})
                timings.append((time.perf_counter() - started) * 1000)
            counts.append(len(queries))
            status = response.status_code
        return Measurement(
            queries=statistics.mode(counts), median_ms=statistics.median(timings), status=status,
            queries_max=max(counts),
        )


Section = Callable[[BenchContext], BenchTable]


def render_table(table: BenchTable) -> str:
    cells = [[str(c) for c in table.columns], *[[str(c) for c in row] for row in table.rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]

    def line(row: Iterable[str]) -> str:
        return "  ".join(value.rjust(width) if i else value.ljust(width) for i, (value, width) in enumerate(
            zip(row, widths, strict=True)
        ))

    out = [table.title, "=" * len(table.title), line(cells[0]), line("-" * w for w in widths)]
    out += [line(row) for row in cells[1:]]
    out += [f"  {note}" for note in table.notes]
    return "\n".join(out)
