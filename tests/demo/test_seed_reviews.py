"""The demo reviews: true labels, a realistic spread with replies on low ratings, idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Count

from accounts.factories import UserFactory
from demo.seeding.reviews import seed_reviews
from reviews.models import Review
from reviews.selectors import review_settings_get, reviews_with_verification
from shop.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_seed_reviews():
    UserFactory(username="merchant", is_staff=True)
    # The demo's ratings are drawn per SKU, and the factory numbers SKUs per process: start from a known number,
    # or the spread depends on how many products earlier tests in this worker made.
    ProductFactory.reset_sequence(0)
    products = [ProductFactory() for _ in range(14)]
    first = seed_reviews()
    assert first["reviews"] > 20
    reviewed = Review.objects.values("product").distinct().count()
    assert reviewed >= len(products) * 0.8  # most products
    published = Review.objects.filter(status=Review.Status.PUBLISHED)
    threshold = review_settings_get().verification_threshold
    assert not reviews_with_verification(Review.objects.all(), threshold=threshold).filter(verified=False).exists()
    ratings = dict(published.values_list("rating").annotate(n=Count("id")))
    assert ratings.get(1, 0) + ratings.get(2, 0) >= 2 and ratings.get(5, 0) > ratings.get(1, 0)
    low = published.filter(rating__lte=2)
    assert low.exists() and not low.filter(reply__isnull=True).exists()
    assert Review.objects.filter(status=Review.Status.REJECTED).exists()
    # Idempotent: a second run adds nothing.
    assert seed_reviews() == {"reviews": 0}
    assert Review.objects.count() == first["reviews"]


def test_demo_reviews_are_varied_in_three_languages_and_no_two_alike():
    from demo.seeding.shop import seed_catalogue

    UserFactory(username="merchant", is_staff=True)
    seed_catalogue()
    seed_reviews()
    reviews = list(Review.objects.select_related("order_line__order"))
    bodies = [review.body for review in reviews]
    assert len(reviews) > 60
    assert len(set(bodies)) == len(bodies)  # no two alike
    for product_id in {review.product_id for review in reviews}:
        titles = [review.title for review in reviews if review.product_id == product_id]
        assert len(set(titles)) >= len(titles) - 1  # the same headline at most twice on one page
    # Three languages, by words only each language uses.
    words = {"en": " the ", "pl": "ę", "nl": " het "}
    for language, marker in words.items():
        assert any(marker in f" {body} " for body in bodies), language
    # Length and tone: from one sentence to four, every rating from 1 to 5.
    lengths = sorted(len(body.split()) for body in bodies)
    assert lengths[0] <= 8 and lengths[-1] >= 25
    assert {review.rating for review in reviews} == {1, 2, 3, 4, 5}
    # No placeholder leftovers like "Lovely everyday cm".
    assert not any("{" in body or "cm" in review.title for review, body in zip(reviews, bodies, strict=True))
    # Each tied to a delivered demo order of that product.
    assert all(
        review.order_line.product_id == review.product_id and review.order_line.order.status == "delivered"
        for review in reviews
    )
