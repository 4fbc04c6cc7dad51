"""Reads for the shop: carts and the catalogue (listings, search, product pages, JSON-LD)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet, Sum
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core.absolute import absolute_url
from core.money import Money, money_sum
from core.versioned_cache import cached_in, namespace_version
from shop.models import (
    RATING_MAX,
    RATING_MIN,
    Cart,
    CartLine,
    Category,
    Product,
    ProductImage,
)
from shop.search import product_search_filter, search_language, search_suggestion, search_words

CART_SESSION_KEY = "cart_guest_token"
# Cached listings and product pages show stock, price, rating and images: ``shop.services.catalogue_changed``
# (called on every such change) moves this namespace's version on.
CATALOGUE_CACHE = "catalogue"


@dataclass(frozen=True)
class CartItem:
    product: Product
    quantity: int

    @property
    def unit_price(self) -> Money:
        return self.product.price

    @property
    def line_total(self) -> Money:
        return self.product.price * self.quantity

    @property
    def available(self) -> bool:
        """Still on sale and enough stock for the quantity asked."""
        return self.product.is_active and self.product.stock >= self.quantity


@dataclass(frozen=True)
class CartSummary:
    """What the cart holds, priced from the database at the moment of reading."""

    cart: Cart | None
    items: list[CartItem]
    currency: str

    @property
    def items_total(self) -> Money:
        return money_sum((item.line_total for item in self.items), self.currency)

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def all_available(self) -> bool:
        return all(item.available for item in self.items)


def cart_get(*, request: HttpRequest) -> Cart | None:
    """The request's cart if it has one: the account's when signed in, else the guest token's."""
    if request.user.is_authenticated:
        return Cart.objects.filter(user=request.user).first()
    token = request.session.get(CART_SESSION_KEY)
    if not token:
        return None
    return Cart.objects.filter(guest_token=token, user__isnull=True).first()


def cart_summary(*, cart: Cart | None) -> CartSummary:
    if cart is None:
        return CartSummary(cart=None, items=[], currency=settings.SHOP_CURRENCY)
    lines = (
        cart.lines.select_related("product")
        .prefetch_related(first_image_prefetch(lookup="product__images"))
        .order_by("added_at", "id")
    )
    items = [CartItem(product=line.product, quantity=line.quantity) for line in lines]
    return CartSummary(cart=cart, items=items, currency=settings.SHOP_CURRENCY)


def cart_item_count(*, request: HttpRequest) -> int:
    """How many items the request's cart holds, in ONE query (or none for a visitor without a cart)."""
    if request.user.is_authenticated:
        lines = CartLine.objects.filter(cart__user=request.user)
    else:
        token = request.session.get(CART_SESSION_KEY)
        if not token:
            return 0
        lines = CartLine.objects.filter(cart__guest_token=token, cart__user__isnull=True)
    return lines.aggregate(total=Sum("quantity"))["total"] or 0


# --- Catalogue -------------------------------------------------------------------------------------------

PAGE_SIZE = 24
HOME_FEATURED_COUNT = 8
SEARCH_MAX_LENGTH = 100


class Sort:
    RELEVANCE = "relevance"
    NAME = "name"
    PRICE_ASC = "price"
    PRICE_DESC = "-price"
    NEWEST = "newest"


SORT_ORDERINGS: dict[str, tuple[str, ...]] = {
    Sort.NAME: ("name", "id"),
    Sort.PRICE_ASC: ("price_amount", "name", "id"),
    Sort.PRICE_DESC: ("-price_amount", "name", "id"),
    Sort.NEWEST: ("-created_at", "-id"),
}


@dataclass(frozen=True)
class ProductFilters:
    """Already-validated listing filters; prices in minor units."""

    category: Category | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock_only: bool = False
    sort: str = Sort.NAME
    min_rating: int | None = None  # 1-5: average of published reviews at least this


def first_image_prefetch(*, lookup: str = "images") -> Prefetch:
    """Only each product's first image (one query for the whole page, a window function under the hood)."""
    return Prefetch(lookup, queryset=ProductImage.objects.order_by("position", "id")[:1], to_attr="first_images")


def _with_card_data(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """What a product card needs (its rating is stored on the product), in a constant number of queries."""
    return queryset.select_related("category").prefetch_related(first_image_prefetch())


def product_card_queryset() -> QuerySet[Product]:
    return _with_card_data(Product.objects.filter(is_active=True))


def product_card_map(*, ids: list[int]) -> dict[int, Product]:
    """The products ``ids`` (on sale or not: a listing may be a moment old) with what their card needs."""
    return _with_card_data(Product.objects.all()).in_bulk(ids)


def catalogue_version() -> int | None:
    """Part of every cached catalogue fragment's key (None: the cache is down, nothing is cached)."""
    return namespace_version(CATALOGUE_CACHE)


def category_top_level_list() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).prefetch_related("children"))


def category_get(*, slug: str) -> Category | None:
    """A category with its parent and its subcategories (for the page's navigation); cached."""
    return cached_in(
        CATALOGUE_CACHE,
        f"category:{slug}",
        lambda: Category.objects.select_related("parent").prefetch_related("children").filter(slug=slug).first(),
    )


def _filter(queryset: QuerySet[Product], filters: ProductFilters) -> QuerySet[Product]:
    if filters.category is not None:
        # A top-level category also lists its subcategories' products. An id list (the children are usually
        # prefetched already) lets the database use the (category, is_active) index instead of an OR over a join.
        category_ids = [filters.category.pk, *(child.pk for child in filters.category.children.all())]
        queryset = queryset.filter(category_id__in=category_ids)
    if filters.min_price is not None:
        queryset = queryset.filter(price_amount__gte=filters.min_price)
    if filters.max_price is not None:
        queryset = queryset.filter(price_amount__lte=filters.max_price)
    if filters.in_stock_only:
        queryset = queryset.filter(stock__gt=0)
    if filters.min_rating:
        queryset = queryset.filter(rating_average__gte=filters.min_rating)
    return queryset


def product_list(*, filters: ProductFilters) -> QuerySet[Product]:
    queryset = _filter(product_card_queryset(), filters)
    return queryset.order_by(*SORT_ORDERINGS.get(filters.sort, SORT_ORDERINGS[Sort.NAME]))


def search_query_clean(*, raw: str | None) -> str:
    return " ".join((raw or "").split())[:SEARCH_MAX_LENGTH]


def product_search(*, query: str, filters: ProductFilters) -> QuerySet[Product]:
    """Products matching ``query`` in the shopper's language (``shop.search``); an SKU match always comes first.

    One query gives the page and its count (``shop.views._page``); ranking by relevance unless a sort is chosen.
    The products come with their id only: their cards are cached by id, and ``{% product_cards %}`` loads the
    ones it has to draw in one query (``product_card_map``), so a search does not read 24 products' texts in
    four languages to show cards it already has.
    """
    query = search_query_clean(raw=query)
    queryset = _filter(Product.objects.filter(is_active=True).only("pk"), filters)
    if not query:
        return queryset.none()
    queryset = product_search_filter(queryset, query=query)
    if filters.sort in SORT_ORDERINGS:
        return queryset.order_by("-sku_match", *SORT_ORDERINGS[filters.sort])
    return queryset.order_by("-sku_match", "-relevance", "name", "id")


def product_search_suggestion(*, query: str) -> str | None:
    """"Did you mean": the query with its unknown words replaced by the closest words of the product names in
    the shopper's language, or None. The words are cached with the catalogue (one query per language and
    catalogue version)."""
    words = cached_in(
        CATALOGUE_CACHE,
        f"search-words:{search_language()}",
        lambda: search_words(Product.objects.filter(is_active=True)),
    )
    suggestion = search_suggestion(query=search_query_clean(raw=query), words=words or [])
    return suggestion


def product_get_for_detail(*, slug: str) -> Product | None:
    """An on-sale product with its category (and parent, for breadcrumbs) and all its images: two queries, cached."""
    return cached_in(
        CATALOGUE_CACHE,
        f"product:{slug}",
        lambda: Product.objects.filter(slug=slug, is_active=True)
        .select_related("category__parent")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        .first(),
    )


def product_featured_list(*, limit: int = HOME_FEATURED_COUNT) -> list[Product]:
    """The merchant's featured products that are in stock; if none are marked, the newest in-stock ones."""
    base = product_card_queryset().filter(stock__gt=0)
    featured = list(base.filter(is_featured=True).order_by("name", "id")[:limit])
    return featured or list(base.order_by("-created_at", "-id")[:limit])


DEFAULT_DELIVERY_SUMMARY = gettext_lazy(
    "Ships from our warehouse in the Netherlands within 1–2 working days; delivery across the EU usually takes "
    "2–5 working days. The exact delivery cost is shown at checkout, before you pay."
)


def product_delivery_summary(*, product: Product) -> str:
    """A short, honest delivery note for the product page.

    For now one text from the ``SHOP_DELIVERY_SUMMARY`` setting (or the default above); the trust centre replaces
    this function's body with live estimates.
    """
    return str(getattr(settings, "SHOP_DELIVERY_SUMMARY", None) or DEFAULT_DELIVERY_SUMMARY)


# Same escaping as django.utils.html.json_script: the JSON cannot close the <script> element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def product_jsonld_data(*, product: Product, price: Money | None = None) -> dict[str, Any]:
    """schema.org Product with one Offer, from the same fields the page shows (``price``: the one the page shows,
    in the shopper's currency; the product's own by default); an AggregateRating only when the product has
    published reviews (the rating the reviews app stores on the product)."""
    price = price or product.price
    images = product.images.all()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "sku": product.sku,
        "description": product.description,
        "brand": {"@type": "Brand", "name": product.brand},
        "image": [absolute_url(image.image.url) for image in images],
        "offers": {
            "@type": "Offer",
            "price": str(price.to_decimal()),
            "priceCurrency": price.currency,
            "availability": "https://schema.org/InStock" if product.in_stock else "https://schema.org/OutOfStock",
            "url": absolute_url(product.get_absolute_url()),
        },
    }
    if product.country_of_origin:
        data["countryOfOrigin"] = product.country_of_origin
    if product.rating_count and product.rating_average is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{round(product.rating_average, 1):.1f}",
            "reviewCount": product.rating_count,
            "bestRating": RATING_MAX,
            "worstRating": RATING_MIN,
        }
    return data


def product_jsonld(*, product: Product, price: Money | None = None) -> SafeString:
    """The JSON-LD text to put inside ``<script type="application/ld+json">``, escaped like ``json_script``."""
    data = product_jsonld_data(product=product, price=price)
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308
