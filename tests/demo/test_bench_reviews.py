"""The bench's reviews section runs and shows the same query count whatever the number of reviews."""

from __future__ import annotations

import pytest

from demo.bench import reviews as bench
from demo.bench.harness import BenchContext
from demo.bench.sections import SECTIONS
from reviews.models import Review

pytestmark = pytest.mark.django_db


def test_reviews_section_flat_query_counts(monkeypatch):
    monkeypatch.setattr(bench, "REVIEW_COUNTS", (5, 40))
    table = bench.reviews_section(BenchContext(sizes=(1,), requests=2))
    assert Review.objects.count() == 40
    by_page: dict[str, set[int]] = {}
    for page, _size, queries, _median in table.rows:
        by_page.setdefault(page, set()).add(int(str(queries).split()[0]))
    assert len(by_page) == 4 and all(len(counts) == 1 for counts in by_page.values()), by_page


def test_the_bench_runs_the_reviews_section():
    assert ("reviews", bench.reviews_section) in SECTIONS
