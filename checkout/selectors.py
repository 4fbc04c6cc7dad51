"""Reads for the checkout and the public fee table."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from checkout.config import checkout_config
from checkout.models import PaymentMethodFee
from checkout.pricing import Quote, cart_quote, checkout_quote, merchant_cost_for, payment_fee_for
from core.money import Money
from orders.methods import methods_for
from orders.models import NO_SURCHARGE_METHODS, DeliveryOption, DeliveryZone, PaymentMethod
from policies.models import PolicyVersion
from policies.selectors import policy_current_versions
from prices.currency import convert, convert_minor
from shop.selectors import CartSummary

CHECKOUT_SESSION_KEY = "checkout"
# The fee table shows what each method adds to an example basket of this size.
FEE_EXAMPLE_AMOUNT = 10000


def zone_for_country(*, country: str) -> DeliveryZone | None:
    return checkout_config().zone_for(country)


def checkout_delivery_option(*, data: dict) -> DeliveryOption | None:
    option_id = data.get("delivery_option_id")
    if not option_id:
        return None
    option = checkout_config().option(option_id)
    if option is None or data.get("country") not in option.zone.country_codes:
        return None
    return option


def checkout_quote_for(*, cart: CartSummary, data: dict, delivery_option: DeliveryOption | None) -> Quote:
    """The quote for what the shopper chose so far (the same function that prices the order and the intent)."""
    return cart_quote(
        cart=cart,
        country=data.get("country", ""),
        delivery_option=delivery_option,
        payment_method=data.get("payment_method"),
        currency=data.get("currency") or None,
    )


def checkout_policies() -> tuple[PolicyVersion | None, PolicyVersion | None]:
    current = policy_current_versions(kinds=["terms", "returns"])
    return current.get("terms"), current.get("returns")


@dataclass(frozen=True)
class FeeRow:
    fee: PaymentMethodFee
    shopper_fee_example: Money
    merchant_cost_example: Money
    surcharge_banned: bool

    @property
    def shopper_pays_nothing(self) -> bool:
        return not self.shopper_fee_example

    @property
    def merchant_cost_fixed(self) -> Money:
        currency = self.merchant_cost_example.currency
        return Money(convert_minor(self.fee.merchant_cost_fixed, currency), currency)

    @property
    def surcharge_law(self) -> str:
        return str(self.fee.spec.surcharge_law)


def fee_table_rows(*, currency: str | None = None) -> tuple[Money, list[FeeRow]]:
    """Per active method that takes ``currency``: the extra the shopper pays on an example basket (the same
    basket in every currency, converted by ``prices.currency.convert``), computed by ``checkout_quote``."""
    currency = currency or settings.SHOP_CURRENCY
    example = convert(Money(FEE_EXAMPLE_AMOUNT, settings.SHOP_CURRENCY), currency)
    rows = []
    for fee in checkout_config().active_fees:
        if currency not in fee.spec.currencies:
            continue
        quote = checkout_quote(
            items_total=example, country="", delivery_option=None, payment_method=fee.method, payment_fee=fee
        )
        rows.append(
            FeeRow(
                fee=fee,
                shopper_fee_example=quote.payment_fee,
                merchant_cost_example=merchant_cost_for(fee=fee, base=example),
                surcharge_banned=fee.method in NO_SURCHARGE_METHODS,
            )
        )
    return example, rows


@dataclass(frozen=True)
class DeliveryRow:
    option: DeliveryOption
    quote: Quote  # the example basket delivered with this option, by ``checkout_quote``

    @property
    def zone(self) -> DeliveryZone:
        return self.option.zone

    @property
    def duty_de_minimis(self) -> Money:
        return Money(self.zone.duty_de_minimis_amount, self.quote.currency)

    @property
    def vat_de_minimis(self) -> Money:
        return Money(self.zone.vat_de_minimis_amount, self.quote.currency)

    @property
    def free_from(self) -> Money | None:
        amount = self.zone.free_delivery_from_amount
        return Money(amount, self.quote.currency) if amount is not None else None


def delivery_table_rows(*, items_total: Money) -> list[DeliveryRow]:
    """Per active delivery option: price, window, customs treatment and the duties for ``items_total``."""
    rows = []
    for option in checkout_config().options:
        country = option.zone.country_codes[0] if option.zone.country_codes else ""
        quote = checkout_quote(items_total=items_total, country=country, delivery_option=option, payment_method=None)
        rows.append(DeliveryRow(option=option, quote=quote))
    return rows


def fee_tables_context(*, items_total: Money | None = None) -> dict:
    """The public fee page and the checkout panel: the same tables from the same code."""
    example, rows = fee_table_rows(currency=items_total.currency if items_total else None)
    basket = items_total if items_total else example
    return {
        "example": example,
        "rows": rows,
        "delivery_basket": basket,
        "delivery_rows": delivery_table_rows(items_total=basket),
    }


def offered_methods(*, country: str, currency: str, allow_cod: bool) -> list[str]:
    """The merchant's active methods that serve ``country`` in ``currency`` (the registry), in the order that
    country's shoppers expect (BLIK and Przelewy24 first for Poland, iDEAL for the Netherlands)."""
    active = [row.method for row in checkout_config().active_fees]
    return [
        spec.code
        for spec in methods_for(country=country, currency=currency, codes=active)
        if allow_cod or spec.code != PaymentMethod.CASH_ON_DELIVERY
    ]


def order_total_with(*, order, method: str) -> Money:
    """What an unpaid order would cost with another method: the same fee rule as the quote and the method change."""
    base = Money(order.items_amount + order.delivery_amount, order.currency)
    fee = payment_fee_for(fee=checkout_config().fee_for(method), base=base)
    return base + fee + Money(order.duties_amount, order.currency)
