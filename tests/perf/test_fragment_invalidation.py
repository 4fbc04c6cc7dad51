"""Every part cached for speed (issue 20) shows a change on the next request, in every language.

One test (at least) per cached part: the trust strip, the footer, the product page's information, delivery
panel and review block, and the listing cards. The listing and product caches of earlier work have theirs in
tests/shop/test_listing_cache.py.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.money import Money
from prices.services import product_price_set
from reviews.models import Review
from shop.factories import CategoryFactory, ProductFactory
from trust import badges
from trust.selectors import badges_cache_clear

pytestmark = pytest.mark.django_db


def strip_of(html: str) -> str:
    match = re.search(r'<div class="trust-strip-wrap">.*?</div>', html, re.S)
    return match.group(0) if match else ""


def test_trust_strip_shows_a_badge_that_stops_passing_at_once(client, monkeypatch):
    assert 'data-badge="card_data_stripe"' in strip_of(client.get("/").content.decode())
    spec = badges.REGISTRY["card_data_stripe"]

    def failing(*, request):
        result = spec.function(request=request)
        result.passed = False
        return result

    monkeypatch.setitem(badges.REGISTRY, "card_data_stripe", badges.BadgeSpec(key=spec.key, function=failing,
                                                                               cached=True))
    badges_cache_clear()  # what the trust centre's evidence refresh does; otherwise within two minutes
    strip = strip_of(client.get("/").content.decode())
    # The one badge rule (trust.selectors.badge_strip): a failing check shows no badge, the strip says it is not met.
    assert 'data-badge="card_data_stripe"' not in strip and 'data-testid="trust-not-met"' in strip


def test_trust_strip_is_cached_per_language(client):
    english = strip_of(client.get("/").content.decode())
    polish = strip_of(client.get("/pl/").content.decode())
    assert english and polish and english != polish
    assert 'href="/pl/trust/' in polish and 'href="/trust/' in english


def test_trust_strip_full_variant_shows_each_state():
    template = Template('{% load trust %}{% trust_badges request "full" "card_data_stripe" %}')
    compact = Template('{% load trust %}{% trust_badges request "compact" "card_data_stripe" %}')
    context = Context({"request": RequestFactory().get("/", secure=True)})
    assert "trust-badge-state" not in compact.render(context)  # cached first, must not leak into "full"
    assert "trust-badge-state" in template.render(context)


def test_search_cards_show_price_stock_rating_and_language_at_once(client):
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    kettle = ProductFactory(name="Copper kettle", category=category, stock=40, price_amount=1800)
    path = "/search/?q=kettle"
    assert "18.00" in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    assert not [q for q in warm if "shop_pricechange" in q["sql"]]  # the card came from the cache
    product_price_set(product=kettle, price=Money(2250, "EUR"), actor=None)
    assert "22.50" in client.get(path).content.decode()
    kettle.refresh_from_db()
    kettle.stock = 2
    kettle.save()
    assert "Only 2 left" in client.get(path).content.decode()
    Review.objects.create(product=kettle, display_name="Anna K.", rating=4, title="Solid", body="Heavy.",
                          status=Review.Status.PUBLISHED, guest_email="anna@example.com")
    assert "1 review" in client.get(path).content.decode()
    polish = client.get("/pl" + path).content.decode()
    assert 'lang="pl"' in polish and "Copper kettle" in polish and "Only 2 left" not in polish  # not the English card
