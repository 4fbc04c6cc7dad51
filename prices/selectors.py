"""Reads of the price history: the EU Omnibus prior price (Directive 98/6/EC art. 6a, as amended)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from core.cache import pages_cache
from core.money import Money
from prices.currency import convert
from prices.models import PriceChange
from shop.models import Product

OMNIBUS_WINDOW = datetime.timedelta(days=30)


@dataclass(frozen=True)
class PriorPrice:
    current: Money
    prior: Money  # the lowest price in the 30 days before the reduction began
    percent: int  # the reduction from ``prior``, rounded down (never overstated)
    reduction_began: datetime.datetime


def prior_price_omnibus(
    *, product: Product, now: datetime.datetime | None = None, currency: str | None = None
) -> PriorPrice | None:
    """The prior price to show next to a reduced price, or None when the product must not be shown as on sale.

    Rule: the reduction began when the current price took effect (consecutive rows with the same price count
    as one period). The prior price is the lowest price applied in the 30 days before that moment. None when
    the history does not cover all of those 30 days, when it disagrees with the product's price, or when the
    current price is not lower than the prior price (a "sale" after a price rise, for example).
    """
    now = now or timezone.now()
    currency = currency or product.currency
    # Each currency's own history: the 30-day lowest price in złoty comes from złoty prices.
    rows = list(
        PriceChange.objects.filter(product=product, currency=currency, valid_from__lte=now).order_by("valid_from", "id")
    )
    expected = product.price if currency == product.currency else convert(product.price, currency)
    if not rows or rows[-1].amount != expected.amount:
        return None
    current = rows[-1]
    start_index = len(rows) - 1
    while start_index > 0 and rows[start_index - 1].amount == current.amount:
        start_index -= 1
    began = rows[start_index].valid_from
    window_start = began - OMNIBUS_WINDOW
    before = rows[:start_index]
    in_force_at_start = [row for row in before if row.valid_from <= window_start]
    if not in_force_at_start:
        return None  # we cannot prove which prices applied during the whole 30 days
    applied = [in_force_at_start[-1]] + [row for row in before if row.valid_from > window_start]
    lowest = min(row.amount for row in applied)
    if current.amount >= lowest:
        return None
    percent = ((Decimal(lowest - current.amount) * 100) / Decimal(lowest)).to_integral_value(rounding=ROUND_FLOOR)
    return PriorPrice(
        current=Money(current.amount, current.currency),
        prior=Money(lowest, current.currency),
        percent=int(percent),
        reduction_began=began,
    )


def prior_price_cached(
    *, product: Product, now: datetime.datetime | None = None, currency: str | None = None
) -> PriorPrice | None:
    """``prior_price_omnibus`` for product cards, cached per product version, currency and hour (no query per card
    once warm). The key changes with every price change (``updated_at``), so a stale sale cannot outlive it; a
    rate change appends the currency's own history row, so the converted price is in the key too."""
    now = now or timezone.now()
    currency = currency or product.currency
    shown = product.price if currency == product.currency else convert(product.price, currency)
    stamp = product.updated_at.timestamp() if product.updated_at else 0
    hour = int(now.timestamp()) // 3600
    key = f"omnibus:{product.pk}:{product.price_amount}:{currency}:{shown.amount}:{stamp}:{hour}"
    hit = pages_cache.get(key)
    if hit is not None:
        return hit or None
    result = prior_price_omnibus(product=product, now=now, currency=currency)
    pages_cache.set(key, result or False, 3600)
    return result


def product_price_in(*, product: Product, currency: str) -> Money:
    """The product's price as shown and charged in ``currency``: ``convert``, the one conversion the cart and the
    checkout (``checkout.pricing.cart_quote``) price each unit with."""
    return convert(product.price, currency)
