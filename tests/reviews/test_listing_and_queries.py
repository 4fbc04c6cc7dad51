"""The rating stored on the product (cards, the minimum-rating filter); a constant query count on the review block."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from reviews.models import HelpfulVote, MerchantReply
from reviews.services import review_approve, review_delete, review_edit, review_reject, review_submit
from shop.factories import ProductFactory
from shop.models import Product
from shop.selectors import ProductFilters, product_list

from .conftest import make_order

pytestmark = pytest.mark.django_db


def add_reviews(product, ratings, *, prefix="u"):
    reviews = []
    for n, rating in enumerate(ratings):
        user = UserFactory(username=f"{prefix}{product.pk}-{n}")
        make_order(user=user, products=[product])
        reviews.append(
            review_submit(product=product, user=user, rating=rating, title=f"T{n}", body="Long enough to count.")
        )
    return reviews


def stored_ratings(*products) -> list[tuple[float | None, int]]:
    rows = Product.objects.filter(pk__in=[p.pk for p in products]).values_list("pk", "rating_average", "rating_count")
    stored = {pk: (average, count) for pk, average, count in rows}
    return [stored[p.pk] for p in products]


class TestStoredRating:
    """Shop's cards, rating filter and JSON-LD read the rating this app stores on the product."""

    def test_average_and_count_of_published_only(self, review_settings, merchant):
        good, mixed, none = ProductFactory(), ProductFactory(), ProductFactory()
        add_reviews(good, [5, 4])
        hidden = add_reviews(mixed, [3, 1, 5])
        review_reject(review=hidden[2], moderator=merchant, reason="spam")
        assert stored_ratings(good, mixed, none) == [(4.5, 2), (2.0, 2), (None, 0)]

    def test_held_approved_edited_and_deleted_reviews_move_it(self, review_settings, merchant):
        product = ProductFactory()
        review_settings.hold_for_approval = True
        review_settings.save()
        [review] = add_reviews(product, [5])
        assert stored_ratings(product) == [(None, 0)]  # pending: not counted
        review_approve(review=review, moderator=merchant)
        assert stored_ratings(product) == [(5.0, 1)]
        review_settings.hold_for_approval = False
        review_settings.save()
        review_edit(review=review, user=review.author, rating=2, title="Changed my mind", body="It broke in a week.")
        assert stored_ratings(product) == [(2.0, 1)]
        review_delete(review=review, user=review.author)
        assert stored_ratings(product) == [(None, 0)]

    def test_min_rating_filter(self, review_settings):
        good, poor, none = ProductFactory(), ProductFactory(), ProductFactory()
        add_reviews(good, [5, 4])
        add_reviews(poor, [2, 1])
        assert set(product_list(filters=ProductFilters(min_rating=4))) == {good}
        assert set(product_list(filters=ProductFilters(min_rating=1))) == {good, poor}
        assert set(product_list(filters=ProductFilters(min_rating=None))) == {good, poor, none}


class TestConstantQueries:
    def render_count(self, client, product, query=""):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("reviews:product", kwargs={"slug": product.slug}) + query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def test_query_count_does_not_grow_with_reviews(self, client, shopper, review_settings):
        product = ProductFactory()
        few = add_reviews(product, [5, 1, 3], prefix="a")
        client.force_login(shopper)
        self.render_count(client, product)  # warm-up: the first request of a session writes the session
        baseline = self.render_count(client, product)
        more = add_reviews(product, [4, 2, 5, 1, 3, 4, 5, 2, 1, 5, 4, 3], prefix="b")
        for review in few + more:
            MerchantReply.objects.create(review=review, author_name="Trustmark", body="Thanks")
            HelpfulVote.objects.create(review=review, user=shopper)
        assert self.render_count(client, product) == baseline
        assert self.render_count(client, product, "?reviews_sort=helpful&reviews_verified=1&reviews_page=2") == baseline
