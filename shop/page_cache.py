"""The catalogue's parts of cached anonymous pages (core/page_cache.py): the catalogue version and the filters.

Registered in ``ShopConfig.ready()``. Every change a card or a product page shows (stock, price, rating, names,
pictures, categories) moves the catalogue version on (``shop.services.catalogue_changed``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.csrf import csrf_retry_register
from core.page_cache import PagePart, page_part_register
from shop import selectors
from shop.forms import ProductFilterForm

MAX_CACHED_PAGE = 1_000  # listing pages past this are rendered, never stored (a page number is unbounded input)


def _catalogue(request: HttpRequest, versions: dict[str, int]) -> PagePart:
    return PagePart(key=f"catalogue:{versions[selectors.CATALOGUE_CACHE]}")


def _listing_filters(request: HttpRequest, versions: dict[str, int]) -> PagePart:
    """The category page's filters and page number, claimed only when spelled exactly as the page spells them
    (page 1 has no number)."""
    if not request.GET:
        return PagePart(key="")  # nothing to claim (the usual case): no form to build
    form = ProductFilterForm(request.GET)
    form.is_valid()
    canonical = form.canonical_query()
    claimed = [name for name in canonical if request.GET.get(name) == canonical[name]]
    page = request.GET.get("page")
    if page is not None and page.isdigit() and str(int(page)) == page and 2 <= int(page) <= MAX_CACHED_PAGE:
        claimed.append("page")
    return PagePart(key="", params=tuple(claimed))


def register() -> None:
    page_part_register(["shop:home", "shop:category", "shop:product"], _catalogue,
                       namespaces=[selectors.CATALOGUE_CACHE])
    page_part_register(["shop:category"], _listing_filters)
    # The product page's add-to-cart form fetches its CSRF token with a script; without one, a second press.
    csrf_retry_register("shop:cart_add", fields=("quantity",), button=_("Add to cart"))
