"""Category and search listings show each product's rating and filter by a minimum rating."""

from __future__ import annotations

import pytest

from accounts.factories import UserFactory
from reviews.services import review_submit
from shop.factories import CategoryFactory, ProductFactory

from .conftest import make_order

pytestmark = pytest.mark.django_db


def rate(product, ratings):
    for n, rating in enumerate(ratings):
        user = UserFactory(username=f"l{product.pk}-{n}")
        make_order(user=user, products=[product])
        review_submit(product=product, user=user, rating=rating, title="Fine", body="Long enough review text.")


@pytest.fixture
def shelf(review_settings):
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    good = ProductFactory(name="Copper kettle", category=category)
    poor = ProductFactory(name="Copper pan", category=category)
    unrated = ProductFactory(name="Copper whisk", category=category)
    rate(good, [5, 4])
    rate(poor, [2, 1, 2])
    return category, good, poor, unrated


def test_category_cards_show_the_rating(client, shelf):
    category, _good, _poor, _unrated = shelf
    page = client.get(category.get_absolute_url()).content.decode()
    assert "4.5 out of 5 (2 reviews)" in page
    assert "1.7 out of 5 (3 reviews)" in page
    assert page.count("out of 5 (") == 2  # the unrated whisk shows no made-up stars


@pytest.mark.parametrize("url", ["category", "/search/?q=copper"])
def test_minimum_rating_filter(client, shelf, url):
    category, good, poor, unrated = shelf
    base = category.get_absolute_url() if url == "category" else url
    sep = "&" if "?" in base else "?"
    page = client.get(f"{base}{sep}min_rating=4").content.decode()
    assert good.name in page and poor.name not in page and unrated.name not in page
    for bad in ("abc", "0", "6", "4.5"):
        response = client.get(f"{base}{sep}min_rating={bad}")
        assert response.status_code == 200
        body = response.content.decode()
        assert good.name in body and poor.name in body  # bad input: no filter, nothing breaks
