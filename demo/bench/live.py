"""The data `ops/bench_live.py` measures against: the demo shop grown to a full catalogue.

Run once in the live bench's database (after ``seed_demo``) through ``manage.py shell``: the catalogue grows to
``products`` products (the bench catalogue of ``catalogue_grow_to``: every tenth is a kettle, so a search for
"kettle" finds several hundred), and the measured product, a demo product in stock with its pictures, gets
``reviews`` verified reviews with votes and replies. Returns the paths the bench requests.
"""

from __future__ import annotations

from demo.bench.catalogue import catalogue_grow_to
from demo.bench.reviews import reviews_grow_to
from shop.models import Category, Product

SEARCH_QUERY = "kettle"


def live_bench_prepare(*, products: int, reviews: int) -> dict[str, str | int]:
    catalogue_grow_to(products)
    product = Product.objects.filter(is_active=True, stock__gt=2).exclude(sku__startswith="BENCH-").order_by("pk")
    product = product.first() or Product.objects.filter(is_active=True, stock__gt=2).order_by("pk").first()
    reviews_grow_to(product, reviews)
    # A top-level bench category: it lists its three subcategories' products, 1/6 of the catalogue.
    category = Category.objects.get(slug="bench-top-0")
    return {
        "product": product.get_absolute_url(),
        "product_id": product.pk,
        "home": "/",
        "category": category.get_absolute_url(),
        "search": f"/search/?q={SEARCH_QUERY}",
    }
