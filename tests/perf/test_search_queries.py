"""Search (and category listings) find their matches once: the page's rows and the total in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def product_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in captured if 'FROM "shop_product"' in q["sql"] and "shop_productimage" not in q["sql"]]


@pytest.mark.parametrize(("count", "page", "shown"), [(30, 1, "30 products found"), (30, 2, "30 products found"),
                                                       (0, 1, "Nothing matches")])
def test_search_reads_rows_and_total_in_one_query(client, count, page, shown):
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    for index in range(count):
        ProductFactory(name=f"Copper kettle {index:02}", category=category)
    ProductFactory(name="Linen towel", category=category)
    path = f"/search/?q=kettle&page={page}"
    # Results and their total: one query; the cards not cached yet are read in one more, then cached. A search
    # without results also reads the popular products it offers and, once per catalogue version, the words for
    # "did you mean" (docs/languages.md#search): a fixed number, whatever the catalogue's size.
    assert len(product_queries(client, path)) == (2 if count else 4)
    assert len(product_queries(client, path)) == (1 if count else 3)
    assert shown in client.get(path).content.decode()


def test_a_page_past_the_end_shows_the_last_page(client):
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    for index in range(30):
        ProductFactory(name=f"Copper kettle {index:02}", category=category)
    html = client.get("/search/?q=kettle&page=9").content.decode()
    assert html.count('class="product-card"') == 6 and 'aria-current="page"><span class="visually-hidden">' in html
