"""`make bench`: SQL queries and server time per request for key pages, at growing catalogue sizes.

Runs in a throwaway test database (SQLite in memory; on PostgreSQL, when DATABASE_URL is set, a separate
database named ``test_trustmark_bench`` that is dropped at the end), never in the demo database.

Sections come from the apps: any installed app with a ``bench`` module exposing ``SECTIONS``, a list of
functions ``section(ctx: BenchContext) -> BenchTable``, is run in app order. The catalogue's is in
``shop/bench.py``; a section may use ``shop.bench.catalogue_grow_to(n)`` to get a catalogue of n products.
"""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

BENCH_DATABASE_NAME = "test_trustmark_bench"
DEFAULT_SIZES = (100, 1_000, 10_000)
DEFAULT_REQUESTS = 30


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


def discover_sections() -> list[tuple[str, Section]]:
    found = []
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.bench")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.bench":
                raise
            continue
        found.extend((app.label, section) for section in getattr(module, "SECTIONS", []))
    return found


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


class Command(BaseCommand):
    help = "Measure queries and median server time per request at growing catalogue sizes (throwaway database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="catalogue sizes, e.g. 100,1000")
        parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS, help="timed requests per page")
        parser.add_argument("--section", action="append", default=[], help="only sections whose name contains this")

    def handle(self, *args, **options) -> None:
        try:
            sizes = tuple(sorted(int(size) for size in options["sizes"].split(",") if size.strip()))
        except ValueError as error:
            raise CommandError("--sizes takes whole numbers separated by commas") from error
        if not sizes or min(sizes) < 1 or options["requests"] < 1:
            raise CommandError("sizes and --requests must be at least 1")
        sections = [
            (label, section)
            for label, section in discover_sections()
            if not options["section"] or any(part in section.__name__ for part in options["section"])
        ]
        if connection.vendor == "postgresql":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DATABASE_NAME
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            # Production's caches are Redis (no SQL); the dev database caches would add their own queries.
            locmem = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
                      for alias in settings.CACHES}
            with override_settings(CACHES=locmem):
                ctx = BenchContext(sizes=sizes, requests=options["requests"])
                self.stdout.write(
                    f"Database: {connection.vendor} ({connection.settings_dict['NAME']}), "
                    f"{ctx.requests} timed requests per figure, median server time with the test Client.\n"
                )
                for label, section in sections:
                    table = section(ctx)
                    table.title = f"{table.title} [{label}]"
                    self.stdout.write(render_table(table) + "\n")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            teardown_test_environment()
