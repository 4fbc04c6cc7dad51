"""The bench's catalogue section: its figures are produced, and queries per request stay flat as it grows."""

from __future__ import annotations

import pytest

from demo.bench.catalogue import catalogue_section
from demo.bench.harness import BenchContext, render_table
from demo.bench.sections import SECTIONS
from shop.models import Product

pytestmark = pytest.mark.django_db


def test_catalogue_section_reports_flat_query_counts_across_sizes():
    table = catalogue_section(BenchContext(sizes=(30, 120), requests=2))
    assert Product.objects.count() == 120
    by_page: dict[str, set[int]] = {}
    for page, _size, queries, median_ms in table.rows:
        by_page.setdefault(page, set()).add(int(str(queries).split()[0]))  # the usual count
        assert float(median_ms) > 0
    assert set(by_page) >= {"category (top-level)", "product", "search"}
    assert all(len(counts) == 1 for counts in by_page.values()), by_page
    assert max(next(iter(c)) for c in by_page.values()) <= 8
    text = render_table(table)
    assert "queries/request" in text and "120" in text


def test_the_bench_runs_the_catalogue_section():
    assert ("shop", catalogue_section) in SECTIONS
