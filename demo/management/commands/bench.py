"""`make bench`: SQL queries and server time per request for key pages, at growing catalogue sizes.

Runs in a throwaway test database (SQLite in memory; on PostgreSQL, when DATABASE_URL is set, a separate
database named ``test_trustmark_bench`` that is dropped at the end), never in the demo database.

The sections are listed in ``demo/bench/sections.py``: functions ``section(ctx: BenchContext) -> BenchTable``
(``demo/bench/harness.py``). A section may use ``demo.bench.catalogue.catalogue_grow_to(n)`` to get a catalogue
of n products.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import override_settings
from django.test.utils import setup_test_environment, teardown_test_environment

from demo.bench.harness import BenchContext, render_table
from demo.bench.sections import SECTIONS

BENCH_DATABASE_NAME = "test_trustmark_bench"
DEFAULT_SIZES = (100, 1_000, 10_000)
DEFAULT_REQUESTS = 30


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
            for label, section in SECTIONS
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
