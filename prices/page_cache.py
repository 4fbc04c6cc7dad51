"""Prices' part of cached anonymous pages (core/page_cache.py): the hour.

Cards and product pages show the Omnibus prior price next to a reduced price; ``prior_price_cached`` computes it
per product version and per hour, so a cached page is keyed by the same hour. A price change itself moves the
catalogue version (``prices.services.product_price_set``).
"""

from __future__ import annotations

import time

from django.http import HttpRequest

from core.page_cache import PagePart, page_part_register


def _hour(request: HttpRequest, versions: dict[str, int]) -> PagePart:
    return PagePart(key=f"hour:{int(time.time()) // 3600}")


def register() -> None:
    page_part_register(["shop:home", "shop:category", "shop:product"], _hour)
