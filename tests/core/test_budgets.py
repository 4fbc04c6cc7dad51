"""Speed budgets per page type (the cheap ones; `make bench` prints them all): HTML size, our CSS+JS size,
no render-blocking script except Stripe.js on the payment step, SQL queries per warm request."""

from __future__ import annotations

import pytest

from demo.bench.budgets import ASSETS_GZIP_BUDGET, HTML_BUDGET, QUERY_BUDGET, budget_pages_measure, budget_shop_prepare
from shop.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(settings):
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
                       for alias in settings.CACHES}
    budget_shop_prepare()
    products = [ProductFactory(name=f"Linen towel {n}", stock=5) for n in range(30)]
    return budget_pages_measure(
        product_path=products[0].get_absolute_url(), category_path=products[0].category.get_absolute_url()
    )


def test_every_page_type_is_within_the_html_asset_script_and_query_budgets(measured):
    assert len(measured) == 11
    for page in measured:
        assert page.status == 200, page.page
        assert page.html_bytes < HTML_BUDGET, page.page
        assert 0 < page.assets_gzip_bytes < ASSETS_GZIP_BUDGET, page.page
        assert page.blocking_not_allowed == (), page.page
    over = {p.page: p.queries for p in measured if p.queries > QUERY_BUDGET}
    assert over == {}
