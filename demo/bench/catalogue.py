"""Bench section for the catalogue (run by `manage.py bench`); other apps can reuse ``catalogue_grow_to``."""

from __future__ import annotations

from django.db import connection
from django.db.models import Max

from demo.bench.harness import BenchContext, BenchTable
from shop.models import Category, Product, ProductImage

TOP_LEVEL = ["Kitchen", "Coffee & tea", "Home textiles", "Outdoor", "Stationery", "Audio"]
SUBS_PER_TOP = 3
ADJECTIVES = ["Linen", "Oak", "Stoneware", "Copper", "Wool", "Enamel", "Glass", "Steel", "Walnut", "Cotton"]
NOUNS = ["bowl", "mug", "towel", "notebook", "kettle", "lamp", "throw", "board", "tray", "speaker", "bottle"]


def _categories() -> list[Category]:
    """Six top-level categories with three subcategories each (created once); returns the subcategories."""
    subs = list(Category.objects.filter(parent__isnull=False, slug__startswith="bench-"))
    if subs:
        return subs
    for index, name in enumerate(TOP_LEVEL):
        top = Category.objects.create(name=name, slug=f"bench-top-{index}", position=index)
        for sub in range(SUBS_PER_TOP):
            subs.append(Category.objects.create(name=f"{name} {sub + 1}", slug=f"bench-{index}-{sub}", parent=top))
    return subs


def catalogue_grow_to(size: int) -> None:
    """Bulk-create products (two image rows each, no files) until the catalogue holds ``size`` products."""
    subs = _categories()
    start = Product.objects.count()
    next_id = (Product.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    products = []
    for n in range(start, size):
        name = f"{ADJECTIVES[n % len(ADJECTIVES)]} {NOUNS[(n // len(ADJECTIVES)) % len(NOUNS)]} no. {n}"
        products.append(
            Product(
                id=next_id + n - start,
                category=subs[n % len(subs)],
                sku=f"BENCH-{n:06d}",
                name=name,
                slug=f"bench-product-{n}",
                description=f"{name}: a bench product with a plain description of its material and size.",
                brand=f"Maker {n % 40}",
                price_amount=500 + (n * 37) % 30000,
                stock=n % 25,
                weight_grams=100 + n % 2000,
                country_of_origin="PL",
                warranty_months=24,
                authenticity_statement="Bought directly from the maker.",
            )
        )
    Product.objects.bulk_create(products, batch_size=1000)
    ProductImage.objects.bulk_create(
        [
            ProductImage(
                product_id=product.id, image=f"bench/{product.sku}-{position}.jpg", width=800, height=600,
                alt_text=product.name, position=position,
            )
            for product in products
            for position in range(2)
        ],
        batch_size=2000,
    )
    # A live database has planner statistics and merged GIN indexes (autovacuum keeps both); fresh bulk inserts
    # have neither: without statistics PostgreSQL walks every row instead of using the full-text index, and a
    # GIN index's pending list (only autovacuum or VACUUM merges it, not ANALYZE) is read row by row per search.
    # VACUUM cannot run in a transaction (a test's): there, statistics only.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} shop_product, shop_productimage, shop_category")
        else:
            cursor.execute("ANALYZE")


def catalogue_section(ctx: BenchContext) -> BenchTable:
    table = BenchTable(
        title="Catalogue pages",
        columns=["page", "products", "queries/request", "median ms"],
        notes=[
            "Category: a top-level category (lists its subcategories' products), page 1 of 24 per page.",
            "Search: 'linen mug' (PostgreSQL full-text with the GIN index; SQLite icontains).",
            "queries/request: the usual count; 'max' shows a request that did more (a shared cache refill).",
            "The tables are ANALYZEd after each bulk insert, as autovacuum would do on a live database.",
        ],
    )
    for size in ctx.sizes:
        catalogue_grow_to(size)
        product = Product.objects.order_by("id")[size // 2]
        pages = [
            ("home", "/"),
            ("category (top-level)", "/c/bench-top-0/"),
            ("category (sub), sorted by price", "/c/bench-0-1/?sort=price&in_stock=on"),
            ("product", product.get_absolute_url()),
            ("search", "/search/?q=linen+mug"),
        ]
        for label, path in pages:
            result = ctx.measure(path)
            if result.status != 200:
                raise RuntimeError(f"{path} answered {result.status}")
            table.rows.append([label, f"{size:,}", result.queries_text, f"{result.median_ms:.1f}"])
    return table

