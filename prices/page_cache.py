"""Prices' parts of cached anonymous pages (core/page_cache.py): the hour and the currencies offered.

Cards and product pages show the Omnibus prior price next to a reduced price; ``prior_price_cached`` computes it
per product version and per hour, so a cached page is keyed by the same hour. A price change itself moves the
catalogue version (``prices.services.product_price_set``). The header's currency switch lists the currencies the
merchant sells in (``shop_currencies``, from the rates): a rate added, changed or switched off moves the
``currency-rates`` version. Prices are shown in the shopper's currency (``shopper_currency``): a cookie-free
visitor gets the default of the page's language (złoty on /pl/), which is in the key; a visitor who chose a
currency has a session cookie, and pages of visitors with cookies are never served from or stored in the cache.
"""

from __future__ import annotations

import time

from django.http import HttpRequest
from django.utils.translation import get_language

from core.page_cache import PagePart, page_part_register
from prices.currency import CURRENCY_RATES_CACHE, language_currency


def _hour(request: HttpRequest, versions: dict[str, int]) -> PagePart:
    return PagePart(key=f"hour:{int(time.time()) // 3600}")


def _currencies(request: HttpRequest, versions: dict[str, int]) -> PagePart:
    # The currency the page's prices are shown in: parts run only for cookie-free visitors, who see the default
    # of the page's language (``shopper_currency``), read from the rates' version just fetched (no round trip).
    version = versions[CURRENCY_RATES_CACHE]
    return PagePart(key=f"currencies:{version}:{language_currency(get_language(), version=version)}")


def register() -> None:
    page_part_register(["shop:home", "shop:category", "shop:product"], _hour)
    page_part_register(["shop:home", "shop:category", "shop:product"], _currencies,
                       namespaces=[CURRENCY_RATES_CACHE])
