"""Products reviewed before the stored rating existed get it from their published reviews when migrating."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shop.models import Product

BEFORE_THE_STORED_RATING = [("shop", "0005_policies_moved_to_policies_app")]


@pytest.mark.django_db(transaction=True)
def test_migrating_stores_each_products_rating_from_its_published_reviews():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_STORED_RATING)
    executor.loader.build_graph()
    old = executor.loader.project_state([*BEFORE_THE_STORED_RATING, ("reviews", "0003_single_line_fields")]).apps
    category = old.get_model("shop", "Category").objects.create(name="Kitchen", slug="kitchen")

    def product(sku: str):
        return old.get_model("shop", "Product").objects.create(
            category=category, sku=sku, name=sku, slug=sku.lower(), description="-", brand="-", price_amount=100,
            weight_grams=1, country_of_origin="PL", authenticity_statement="-",
        )

    rated = product("RATED")
    product("UNRATED")
    review = old.get_model("reviews", "Review")
    ratings = [(5, "published"), (4, "published"), (4, "published"), (1, "rejected"), (1, "pending")]
    for n, (rating, status) in enumerate(ratings):
        review.objects.create(product=rated, rating=rating, status=status, guest_email=f"guest{n}@example.com",
                              display_name="A.", title="T", body="Long enough to count.")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = Product.objects.values_list("sku", "rating_average", "rating_count")
    assert {sku: (average, count) for sku, average, count in stored} == {
        "RATED": (pytest.approx(13 / 3), 3), "UNRATED": (None, 0)
    }
