"""Checkout's part of the cached anonymous product page (core/page_cache.py): the delivery panel.

The panel shows, for the visitor's country, each delivery option's delivered price and its window. A cookie-free
visitor has the default country (``?ship_to=`` stores a choice in the session: never cached). The options, fees
and zones are one versioned snapshot (``checkout_config``); the windows count from today's ship date, which
moves at each option's cut-off time, so the ship dates themselves are part of the key. The price is the
catalogue's (its own part).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkout.config import CHECKOUT_CONFIG_CACHE, checkout_config
from checkout.delivery import ship_to_get
from core.csrf import csrf_retry_register
from core.page_cache import PagePart, page_part_register
from orders.delivery_dates import ship_date


def _delivery_panel(request: HttpRequest, versions: dict[str, int]) -> PagePart | None:
    if "ship_to" in request.GET:  # the choice is stored in the session: not cacheable
        return None
    version = versions[CHECKOUT_CONFIG_CACHE]
    config = checkout_config(version=version)
    country = ship_to_get(request=request, config=config)
    now = timezone.now()
    dates = ",".join(ship_date(option=option, now=now).isoformat() for option in config.options_to(country))
    return PagePart(key=f"delivery:{version}:{country}:{dates}")


def register() -> None:
    page_part_register(["shop:product"], _delivery_panel, namespaces=[CHECKOUT_CONFIG_CACHE])
    # The header's currency switch fetches its CSRF token with a script on cached pages; without one, a second
    # press (core/csrf.py). ``next`` is checked by the view (same host only).
    csrf_retry_register("checkout:currency_set", fields=("currency", "next"), button=_("Set currency"))
