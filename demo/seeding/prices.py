"""Demo price histories: every product gets its price recorded; three are genuinely on sale and one "sale"
follows a price rise, so it must not show as a sale (the Omnibus rule). Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.money import Money
from prices.models import PriceChange
from prices.services import product_price_set
from shop.models import Product


def _round(amount: int) -> int:
    """A shop-like price: whole euros minus one cent."""
    return max(99, (amount // 100) * 100 - 1)


@transaction.atomic
def seed_prices(*, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    products = list(Product.objects.filter(is_active=True).order_by("id"))
    fresh = [p for p in products if not PriceChange.objects.filter(product=p).exists()]
    if not fresh:
        return
    for product in fresh:
        product_price_set(product=product, price=product.price, actor=None, at=now - datetime.timedelta(days=60))
    special = [p for p in fresh if p.price_amount >= 2000][:4]
    for product in special[:3]:  # genuine reductions, five days ago, of about 20 %
        product_price_set(
            product=product,
            price=Money(_round(product.price_amount * 8 // 10), product.currency),
            actor=None,
            at=now - datetime.timedelta(days=5),
        )
    if len(special) == 4:  # raised ten days ago, then "reduced" to above its old price: no sale shown
        product = special[3]
        base = product.price_amount
        for days, amount in ((10, base * 13 // 10), (2, base * 11 // 10)):
            product_price_set(
                product=product,
                price=Money(_round(amount), product.currency),
                actor=None,
                at=now - datetime.timedelta(days=days),
            )
