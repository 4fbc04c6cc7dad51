"""``{% load reviews %}{% product_reviews product request %}``: the product page's review block.

Also ``{% rating_stars average count %}`` for product cards, and the ``stars`` filter.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.formatting import format_decimal
from core.templatetags.csrf_deferred import csrf_deferred_fragment
from core.versioned_cache import cached_in
from reviews import selectors
from reviews.models import RATING_MAX, Review
from reviews.page_cache import REVIEWS_CACHE
from reviews.selectors import ReviewFilters, Sort
from reviews.tokens import review_link_token
from shop.models import Product

register = template.Library()


@register.filter
def stars(value: float | int | None) -> str:
    """4.3 -> "★★★★☆" (the number is always shown next to it)."""
    if value is None:
        return ""
    # Nearest whole star, ties rounded down (4.5 shows 4 stars): the stars never look better than the number.
    full = max(0, min(RATING_MAX, math.ceil(float(value) - 0.5)))
    return "★" * full + "☆" * (RATING_MAX - full)


def _query(filters: ReviewFilters, **changes) -> str:
    values = {
        "reviews_sort": filters.sort,
        "reviews_stars": filters.stars or "",
        "reviews_verified": "1" if filters.verified_only else "",
        "reviews_page": filters.page,
    }
    values.update(changes)
    kept = {k: v for k, v in values.items() if v not in ("", None) and not (k == "reviews_page" and v == 1)}
    return "?" + urlencode(kept) + "#reviews"


REVIEW_BLOCK = "reviews/_product_reviews.html"


@register.simple_tag(takes_context=True)
def product_reviews(context, product: Product, request: HttpRequest) -> str:
    """The review block. For a visitor without a session (nobody signed in, so no own review, vote or report to
    show, and forms whose CSRF token is fetched by script) the rendered block is the same for everyone: it is
    cached under the reviews version (every review, reply, vote, verification and setting moves it on), the
    product and its slug, the language, the address and the validated review filters. So a product page
    rendered again because something else changed (stock, price, a badge, the hour) does not rebuild it."""

    def build() -> str:
        values = _product_reviews_context(context, product, request)
        with csrf_deferred_fragment(request):  # its "helpful" forms need the script even where it is reused
            return context.template.engine.get_template(REVIEW_BLOCK).render(context.new(values))

    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return build()
    filters = ReviewFilters.from_query(request.GET)
    key = "|".join([
        "block", str(product.pk), product.slug, get_language() or "", request.path, str(filters.sort),
        str(filters.stars or ""), "1" if filters.verified_only else "", str(filters.page),
    ])
    return mark_safe(cached_in(REVIEWS_CACHE, key, build))  # noqa: S308 - HTML this tag rendered


def _product_reviews_context(context, product: Product, request: HttpRequest) -> dict:
    review_settings = selectors.review_settings_get()
    threshold = review_settings.verification_threshold
    filters = ReviewFilters.from_query(request.GET)
    summary = selectors.rating_summary(product=product)
    page = selectors.product_reviews_page(product=product, filters=filters, user=request.user, threshold=threshold)
    own_review = selectors.review_of_user(product=product, user=request.user)
    can_verify = (
        request.user.is_authenticated
        and own_review is None
        and selectors.qualifying_order_lines(product=product, user=request.user, threshold=threshold).exists()
    )
    page_links = (
        [
            {"number": n, "query": _query(filters, reviews_page=n), "current": n == page.number}
            for n in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        ]
        if page.paginator.num_pages > 1
        else []
    )
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "product": product,
        "summary": summary,
        "page": page,
        "page_links": page_links,
        "prev_query": _query(filters, reviews_page=page.previous_page_number()) if page.has_previous() else "",
        "next_query": _query(filters, reviews_page=page.next_page_number()) if page.has_next() else "",
        "filters": filters,
        "sorts": [
            (Sort.NEWEST, _("Newest first")),
            (Sort.HELPFUL, _("Most helpful")),
            (Sort.LOWEST, _("Lowest rating first")),
            (Sort.HIGHEST, _("Highest rating first")),
        ],
        "star_options": range(RATING_MAX, 0, -1),
        "own_review": own_review,
        "can_verify": can_verify,
        "settings": review_settings,
        "threshold_word": _("paid") if threshold == "paid" else _("delivered"),
    }


@register.inclusion_tag("reviews/_rating_stars.html")
def rating_stars(average: float | None, count: int) -> dict:
    """A product card's rating (``Product.rating_average`` and ``rating_count``, kept by this app): stars, the
    average and the count, or nothing without published reviews."""
    if not count or average is None:
        return {"average": None, "count": 0}
    return {"average": format_decimal(average, 1), "stars_value": float(average), "count": count}


@register.inclusion_tag("reviews/_order_review_links.html")
def order_review_links(order) -> dict:
    """``{% order_review_links order %}`` for an order page: a review link per product once the order qualifies.

    The links are the same signed, order-bound links as in the review request email. Two queries.
    """
    threshold = selectors.review_settings_get().verification_threshold
    qualifies = selectors.order_qualifies(order=order, threshold=threshold)
    items = []
    if qualifies:
        lines = [line for line in order.lines.all() if line.product_id]
        product_ids = {line.product_id for line in lines}
        if order.user_id:
            reviewed = set(
                Review.objects.filter(author_id=order.user_id, product_id__in=product_ids).values_list(
                    "product_id", flat=True
                )
            )
        else:
            reviewed = set(
                Review.objects.filter(
                    author__isnull=True, guest_email=order.email.strip().lower(), product_id__in=product_ids
                ).values_list("product_id", flat=True)
            )
        seen = set()
        for line in lines:
            if line.product_id in seen:
                continue
            seen.add(line.product_id)
            items.append(
                {
                    "name": line.name,
                    "token": review_link_token(order=order, product=line.product),
                    "reviewed": line.product_id in reviewed,
                }
            )
    return {"items": items, "qualifies": qualifies}
