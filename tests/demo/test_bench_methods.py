"""The bench's bank-methods section runs: an iDEAL order goes to the bank's page, a BLIK order waits for the app."""

from __future__ import annotations

import pytest

from demo.bench import methods as bench
from demo.bench.harness import BenchContext
from demo.bench.sections import SECTIONS

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]


def test_methods_section_places_orders_and_starts_payments():
    table = bench.bank_methods_section(BenchContext(sizes=(1,), requests=2))
    assert len(table.rows) == 2
    for what, queries, median in table.rows:
        assert "(2/2 started)" in what, what
        assert int(queries) > 0 and float(median) > 0


def test_the_bench_runs_the_methods_section():
    assert ("methods", bench.bank_methods_section) in SECTIONS
