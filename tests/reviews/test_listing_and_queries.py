"""Catalogue hooks (rating annotation, minimum-rating filter) and a constant query count on the review block."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from reviews.models import HelpfulVote, MerchantReply, Review
from reviews.selectors import min_rating_parse, products_filter_min_rating, products_with_rating
from reviews.services import review_submit
from shop.factories import ProductFactory
from shop.models import Product

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


class TestListingHooks:
    def test_average_and_count_of_published_only(self, review_settings):
        good, mixed, none = ProductFactory(), ProductFactory(), ProductFactory()
        add_reviews(good, [5, 4])
        hidden = add_reviews(mixed, [3, 1, 5])
        Review.objects.filter(pk=hidden[2].pk).update(status=Review.Status.REJECTED)
        rows = {p.pk: p for p in products_with_rating(Product.objects.all())}
        assert (rows[good.pk].rating_average, rows[good.pk].rating_count) == (4.5, 2)
        assert (rows[mixed.pk].rating_average, rows[mixed.pk].rating_count) == (2.0, 2)
        assert (rows[none.pk].rating_average, rows[none.pk].rating_count) == (None, 0)

    def test_min_rating_filter(self, review_settings):
        good, poor, none = ProductFactory(), ProductFactory(), ProductFactory()
        add_reviews(good, [5, 4])
        add_reviews(poor, [2, 1])
        assert set(products_filter_min_rating(Product.objects.all(), 4)) == {good}
        assert set(products_filter_min_rating(Product.objects.all(), 1)) == {good, poor}
        assert set(products_filter_min_rating(Product.objects.all(), None)) == {good, poor, none}

    @pytest.mark.parametrize(
        ("raw", "parsed"),
        [("4", 4), ("1", 1), ("0", None), ("6", None), ("abc", None), ("", None), (None, None), ("4.5", None)],
    )
    def test_min_rating_parse(self, raw, parsed):
        assert min_rating_parse(raw) == parsed


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
