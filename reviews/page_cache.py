"""The reviews' part of the cached anonymous product page (core/page_cache.py): the review block.

The block shows every published review with its reply, helpful count and "verified purchase" label, which is
computed from the order's status history, under the merchant's review settings. ``reviews_changed`` moves the
``reviews`` version on for each of those: reviews, replies, votes, reports, the settings, and orders and their
status changes (connected in ``ReviewsConfig.ready()``; ``.update()`` calls in reviews.services call it too).
The viewer's own votes and reports are only shown to signed-in shoppers, whose pages are never cached.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.csrf import csrf_retry_register
from core.page_cache import PagePart, page_part_register
from core.versioned_cache import namespace_changed
from reviews.selectors import ReviewFilters

REVIEWS_CACHE = "reviews"


def reviews_changed(**kwargs) -> None:
    """A signal receiver (and a call after ``.update()``): cached pages showing reviews are built again."""
    namespace_changed(REVIEWS_CACHE)


def _review_block(request: HttpRequest, versions: dict[str, int]) -> PagePart:
    if not request.GET:
        return PagePart(key=f"reviews:{versions[REVIEWS_CACHE]}")  # nothing to claim (the usual case)
    filters = ReviewFilters.from_query(request.GET)
    canonical = {
        "reviews_sort": filters.sort,
        "reviews_stars": str(filters.stars or ""),
        "reviews_verified": "1" if filters.verified_only else "",
        "reviews_page": str(filters.page),
    }
    claimed = tuple(name for name, value in canonical.items() if request.GET.get(name) == value)
    return PagePart(key=f"reviews:{versions[REVIEWS_CACHE]}", params=claimed)


def register() -> None:
    page_part_register(["shop:product"], _review_block, namespaces=[REVIEWS_CACHE])
    # The cached page's "Helpful" forms fetch their CSRF token with a script; without one, a second press.
    csrf_retry_register("reviews:helpful", fields=(), button=_("Helpful"))
