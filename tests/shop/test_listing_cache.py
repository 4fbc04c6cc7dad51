"""Cached listings and product pages: served without queries once warm, and never staler than the catalogue.

Every change a card or page shows (stock moved by an order, a price change, a published review, an edited
product) must appear on the next request, in every language.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.money import Money
from orders.factories import OrderFactory, OrderLineFactory
from orders.services import stock_release, stock_reserve
from prices.services import product_price_set
from reviews.models import Review
from shop.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    mug = ProductFactory(name="Stoneware mug", category=category, stock=3, price_amount=1800, is_featured=True)
    return category, mug


def get_html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def test_warm_listings_run_no_queries(client, shelf):
    category, mug = shelf
    for path in ("/", category.get_absolute_url(), mug.get_absolute_url()):
        client.get(path)
    assert queries_for(client, "/") == 0
    assert queries_for(client, category.get_absolute_url()) == 0
    # The product page still reads what is the shopper's own (reviews list) but not the product itself.
    assert queries_for(client, mug.get_absolute_url()) < 6


def test_an_order_taking_stock_shows_on_every_listing_at_once(client, shelf):
    category, mug = shelf
    assert "Only 3 left" in get_html(client, category.get_absolute_url())
    assert "Only 3 left" in get_html(client, "/")
    assert "Only 3 left" in get_html(client, mug.get_absolute_url())
    order = OrderFactory()
    OrderLineFactory(order=order, product=mug, quantity=2)

    stock_reserve(order=order)  # a queryset update: no model signal
    assert "Only 1 left" in get_html(client, category.get_absolute_url())
    assert "Only 1 left" in get_html(client, "/")
    assert "Only 1 left" in get_html(client, mug.get_absolute_url())

    stock_release(order=order)
    assert "Only 3 left" in get_html(client, category.get_absolute_url())


def test_a_price_change_shows_at_once(client, shelf):
    category, mug = shelf
    assert "18.00" in get_html(client, category.get_absolute_url())
    product_price_set(product=mug, price=Money(2250, "EUR"), actor=None)
    html = get_html(client, category.get_absolute_url())
    assert "22.50" in html and "18.00" not in html
    assert "22.50" in get_html(client, mug.get_absolute_url())


def test_a_published_review_shows_in_the_card_rating(client, shelf):
    category, mug = shelf
    assert "1 review" not in get_html(client, category.get_absolute_url())
    Review.objects.create(
        product=mug, display_name="Anna K.", rating=4, title="Solid", body="Heavy and well glazed.",
        status=Review.Status.PUBLISHED, guest_email="anna@example.com",
    )
    assert "1 review" in get_html(client, category.get_absolute_url())


def test_an_edited_or_withdrawn_product_leaves_the_listing(client, shelf):
    category, mug = shelf
    assert "Stoneware mug" in get_html(client, category.get_absolute_url())
    mug.name = "Stoneware mug, speckled"
    mug.save()
    assert "Stoneware mug, speckled" in get_html(client, category.get_absolute_url())
    mug.is_active = False
    mug.save()
    assert "Stoneware mug" not in get_html(client, category.get_absolute_url())
    assert client.get(mug.get_absolute_url()).status_code == 404


def test_each_language_and_each_filter_has_its_own_cached_results(client, shelf):
    category, mug = shelf
    ProductFactory(name="Linen towel", category=category, stock=50, price_amount=900)
    assert "Only 3 left" in get_html(client, category.get_absolute_url())
    polish = get_html(client, "/pl" + category.get_absolute_url())
    assert "Only 3 left" not in polish and 'lang="pl"' in polish
    cheap = get_html(client, category.get_absolute_url() + "?max_price=10")
    assert "Linen towel" in cheap and "Stoneware mug" not in cheap
    assert "Stoneware mug" in get_html(client, category.get_absolute_url())


def test_listings_still_work_when_the_cache_is_down(client, shelf, settings):
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES}
    category, mug = shelf
    assert "Stoneware mug" in get_html(client, category.get_absolute_url())
    mug.stock = 0
    mug.save()
    assert "Out of stock" in get_html(client, category.get_absolute_url())
