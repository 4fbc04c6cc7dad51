"""The review block on the catalogue's product page, and AggregateRating in its JSON-LD."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from reviews.models import Review
from reviews.services import review_submit

pytestmark = pytest.mark.django_db
GOOD = {"rating": "5", "title": "Perfect apron", "body": "Pockets in the right place, strong ties."}


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_product_page_shows_reviews_and_aggregate_rating(client, buyer, product, review_settings):
    url = product.get_absolute_url()
    page = client.get(url).content.decode()
    assert "No published reviews yet." in page
    assert "aggregateRating" not in jsonld(page)
    review_submit(product=product, user=buyer, **GOOD)
    page = client.get(url).content.decode()
    assert 'id="reviews"' in page and "Perfect apron" in page and "Verified purchase" in page
    assert jsonld(page)["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "5.0",
        "reviewCount": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert reverse("reviews:policy") in page


def test_held_review_does_not_make_aggregate_rating(client, buyer, product, review_settings):
    review_settings.hold_for_approval = True
    review_settings.save()
    review_submit(product=product, user=buyer, **GOOD)
    assert Review.objects.get().status == Review.Status.PENDING
    page = client.get(product.get_absolute_url()).content.decode()
    assert "aggregateRating" not in jsonld(page) and "Perfect apron" not in page


def test_no_inline_styles_in_the_review_block(client, buyer, product, review_settings):
    """Strict CSP: the distribution bars are <progress> elements, never style="width: …"."""
    review_submit(product=product, user=buyer, **GOOD)
    page = client.get(product.get_absolute_url()).content.decode()
    section = page[page.index('id="reviews"') :]
    assert "style=" not in section and "<progress" in section
