"""The currency a listing's price filter is typed in, and its bounds in the stored (base) currency.

Prices are stored in the base currency; cards show them in the shopper's currency (the prices app, above shop).
A shopper types a filter's bounds in the currency the cards show, so "from 43,00 zł" must keep exactly the
products whose card says 43,00 zł or more, under the merchant's rounding rule. The prices app registers that
conversion here from its ``AppConfig.ready()`` (shop imports nothing above it); without one, the base currency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class PriceScale:
    currency: str  # the currency the cards show and the bounds are typed in
    base_at_least: Callable[[int], int]  # the smallest base amount (minor units) shown at this amount or more
    base_at_most: Callable[[int], int]  # the largest base amount shown at this amount or less


def _same(amount: int) -> int:
    return amount


_provider: Callable[[HttpRequest], PriceScale] | None = None


def price_scale_register(provider: Callable[[HttpRequest], PriceScale]) -> None:
    global _provider
    _provider = provider


def base_price_scale() -> PriceScale:
    """Bounds typed in the base currency, used as they are."""
    return PriceScale(currency=settings.SHOP_CURRENCY, base_at_least=_same, base_at_most=_same)


def price_scale(request: HttpRequest) -> PriceScale:
    """The request's price scale: the registered one, else the base currency."""
    return _provider(request) if _provider is not None else base_price_scale()
