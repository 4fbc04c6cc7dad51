"""Writes to the price history. Every price change of a product goes through ``product_price_set``."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.money import Money
from prices.currency import base_currency, convert, currency_rates
from prices.models import PriceChange
from shop.models import Product
from shop.services import catalogue_changed


@transaction.atomic
def product_price_set(
    *, product: Product, price: Money, actor: AbstractBaseUser | None, at: datetime.datetime | None = None
) -> PriceChange | None:
    """Set the product's price and append it to the history (nothing is written when the price is unchanged
    and already recorded). ``at`` is for the demo seed and tests; the admin passes none (now)."""
    at = at or timezone.now()
    if price.amount < 0:
        raise ApplicationError(_("A price cannot be negative."), field="price")
    locked = Product.objects.select_for_update().get(pk=product.pk)
    latest = PriceChange.objects.filter(product=locked).order_by("-valid_from", "-id").first()
    if latest is not None and latest.valid_from > at:
        raise ApplicationError(_("A price change cannot be recorded before the last one."))
    if latest is not None and latest.amount == price.amount and latest.currency == price.currency:
        if locked.price_amount != price.amount:  # out of sync (edited elsewhere): the history wins
            Product.objects.filter(pk=locked.pk).update(price_amount=price.amount, currency=price.currency)
            catalogue_changed()  # ``.update()`` sends no signal; cards and pages show the price
        return None
    change = PriceChange(
        product=locked,
        amount=price.amount,
        currency=price.currency,
        valid_from=at,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    change.full_clean()
    change.save()
    Product.objects.filter(pk=locked.pk).update(price_amount=price.amount, currency=price.currency, updated_at=at)
    catalogue_changed()
    product.price_amount, product.currency = price.amount, price.currency
    for currency in currency_rates():
        _converted_price_record(product=locked, price=price, currency=currency, at=at, actor=change.created_by)
    return change


def _converted_price_record(*, product: Product, price: Money, currency: str, at, actor) -> PriceChange | None:
    """Append the product's price in ``currency`` (converted at the merchant's rate) to that currency's own
    history, when it differs from the last one recorded there: the prior price in złoty is read from złoty rows."""
    converted = convert(price, currency)
    latest = PriceChange.objects.filter(product=product, currency=currency).order_by("-valid_from", "-id").first()
    if latest is not None and latest.amount == converted.amount:
        return None
    change = PriceChange(product=product, amount=converted.amount, currency=currency, valid_from=at, created_by=actor)
    change.save()
    return change


@transaction.atomic
def currency_prices_record(*, currency: str, at: datetime.datetime | None = None) -> int:
    """A rate was set or changed: every product's converted price joins ``currency``'s history (from ``at``)
    where it changed. Returns how many rows were appended."""
    at = at or timezone.now()
    written = 0
    for product in Product.objects.all().only("pk", "price_amount", "currency"):
        if product.currency != base_currency():
            continue
        if _converted_price_record(product=product, price=product.price, currency=currency, at=at, actor=None):
            written += 1
    return written
