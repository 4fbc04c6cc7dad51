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
