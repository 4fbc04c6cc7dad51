"""The one function that prices a checkout.

The review panel, the public fee table, order placement and the PaymentIntent amount all call
``checkout_quote``: what the shopper sees is, by construction, what is charged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from checkout.config import checkout_config
from checkout.models import PaymentMethodFee
from core.money import Money, money_sum
from orders.models import CustomsTreatment, DeliveryOption, DeliveryZone
from prices.currency import convert, convert_minor
from shop.selectors import CartSummary


@dataclass(frozen=True)
class QuoteLine:
    key: str  # items | delivery | payment_fee | duties
    label: str
    amount: Money


@dataclass(frozen=True)
class BasketLine:
    """One cart line as priced: which product, how many, at what unit price."""

    product_id: int
    quantity: int
    unit_price: Money


@dataclass(frozen=True)
class Quote:
    currency: str
    items: Money
    delivery: Money
    payment_fee: Money
    duties: Money
    lines: list[QuoteLine] = field(default_factory=list)
    # What was priced: the cart's lines (empty for an example basket), the delivery option and the method.
    basket: tuple[BasketLine, ...] = ()
    delivery_option_id: int | None = None
    payment_method: str = ""
    # "none" (EU), "ddp" (``duties`` is charged now) or "dap" (nothing charged; the carrier collects about
    # ``duties_on_delivery`` at the door, computed by the same formula).
    customs_treatment: str = CustomsTreatment.NONE
    duties_on_delivery: Money | None = None
    duty: Money | None = None
    import_vat: Money | None = None

    @property
    def total(self) -> Money:
        return self.items + self.delivery + self.payment_fee + self.duties

    @property
    def fingerprint(self) -> str:
        """A hash of everything the shopper is shown before paying: the lines with their prices, delivery, fee,
        duties, currency and total. The review page sends it with the pay button; placing the order recomputes
        it from the database and refuses a mismatch, so the total charged is the total the shopper saw."""
        seen = {
            "currency": self.currency,
            "basket": [[line.product_id, line.quantity, line.unit_price.amount] for line in self.basket],
            "items": self.items.amount,
            "delivery_option": self.delivery_option_id,
            "delivery": self.delivery.amount,
            "method": self.payment_method,
            "fee": self.payment_fee.amount,
            "duties": self.duties.amount,
            "customs": str(self.customs_treatment),
            "duties_on_delivery": self.duties_on_delivery.amount if self.duties_on_delivery else None,
            "total": self.total.amount,
        }
        return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()


def payment_fee_for(*, fee: PaymentMethodFee | None, base: Money) -> Money:
    """The shopper's extra charge for a method on ``base`` (items + delivery), rounded half up to the cent."""
    if fee is None:
        return Money.zero(base.currency)
    fixed = Money(convert_minor(fee.shopper_fee_fixed, base.currency), base.currency)  # set in the base currency
    return fixed + base.percentage(fee.shopper_fee_percent)


def merchant_cost_for(*, fee: PaymentMethodFee | None, base: Money) -> Money:
    if fee is None:
        return Money.zero(base.currency)
    fixed = Money(convert_minor(fee.merchant_cost_fixed, base.currency), base.currency)
    return fixed + base.percentage(fee.merchant_cost_percent)


@dataclass(frozen=True)
class Duties:
    duty: Money
    import_vat: Money

    @property
    def total(self) -> Money:
        return self.duty + self.import_vat


def duties_for(*, zone: DeliveryZone | None, customs_value: Money, delivery: Money) -> Duties:
    """Import duty and import VAT for a parcel into ``zone``, whoever collects them.

    - customs value = what the shopper pays for the goods (the items total, i.e. the prices paid);
    - duty = customs value × ``zone.duty_percent``, or 0 when the customs value ≤ ``zone.duty_de_minimis_amount``;
    - import VAT = (customs value + duty + delivery) × ``zone.import_vat_percent``, or 0 when the customs value
      ≤ ``zone.vat_de_minimis_amount`` (the usual rule: VAT is levied on the value at the border, including
      transport and duty);
    - each rounded half up to the cent (``Money.percentage``). Zones inside the EU pay nothing.

    Thresholds and rates are the merchant's data (``DeliveryZone``): CH, GB and US rules differ and change.
    Simplification: one rate per zone (no HS codes), and the shop's prices are the customs value as shown.
    """
    currency = customs_value.currency
    zero = Money.zero(currency)
    if zone is None or zone.customs_treatment == CustomsTreatment.NONE or not customs_value:
        return Duties(zero, zero)
    duty = zero
    if customs_value.amount > convert_minor(zone.duty_de_minimis_amount, currency):
        duty = customs_value.percentage(zone.duty_percent)
    vat = zero
    if customs_value.amount > convert_minor(zone.vat_de_minimis_amount, currency):
        vat = (customs_value + duty + delivery).percentage(zone.import_vat_percent)
    return Duties(duty, vat)


def free_delivery_reached(*, zone: DeliveryZone | None, items_total: Money) -> bool:
    """Free delivery: the zone has a threshold and the items total reaches it (exactly at the limit counts)."""
    threshold = zone.free_delivery_from_amount if zone is not None else None
    return threshold is not None and items_total.amount >= convert_minor(threshold, items_total.currency)


@dataclass(frozen=True)
class FreeDeliveryProgress:
    """How far a basket is from free delivery to a zone: the cart's "€X more for free delivery"."""

    threshold: Money
    remaining: Money  # zero once reached

    @property
    def reached(self) -> bool:
        return not self.remaining


def free_delivery_progress(*, items_total: Money, country: str) -> FreeDeliveryProgress | None:
    """None when the country's zone offers no free delivery; read from the same zone row the quote uses."""
    zone = checkout_config().zone_for(country) if country else None
    if zone is None or zone.free_delivery_from_amount is None:
        return None
    threshold = Money(convert_minor(zone.free_delivery_from_amount, items_total.currency), items_total.currency)
    if free_delivery_reached(zone=zone, items_total=items_total):
        return FreeDeliveryProgress(threshold=threshold, remaining=Money.zero(items_total.currency))
    return FreeDeliveryProgress(threshold=threshold, remaining=threshold - items_total)


def checkout_quote(
    *,
    items_total: Money,
    country: str,
    delivery_option: DeliveryOption | None,
    payment_method: str | None,
    payment_fee: PaymentMethodFee | None = None,
    customs_value: Money | None = None,
    basket: tuple[BasketLine, ...] = (),
) -> Quote:
    """Price a checkout: items, delivery, the payment method's fee, duties, total.

    ``payment_fee`` may be passed when the caller already has the row; otherwise it is read for the method.
    ``country`` is where the parcel goes: the delivery option's zone (or, before an option is chosen, the
    country's zone) decides the customs treatment. ``customs_value`` defaults to ``items_total`` (the prices
    paid). For a DDP zone the duties are a line of the total; for a DAP zone they are not charged but
    estimated in ``duties_on_delivery``. The payment fee is on items + delivery (not on duties). Delivery is
    free when the items total reaches the zone's ``free_delivery_from_amount`` (``free_delivery_reached``).
    """
    currency = items_total.currency
    if delivery_option is not None:
        zone = delivery_option.zone
    else:  # no country (the fee table's example basket): no zone, and no need to read the zones
        zone = checkout_config().zone_for(country) if country else None
    # The merchant's delivery prices, fees and thresholds are in the base currency: ``convert`` (the one
    # conversion, at the merchant's rate) prices them in the shopper's currency.
    delivery = convert(delivery_option.price, currency) if delivery_option is not None else Money.zero(currency)
    if free_delivery_reached(zone=zone, items_total=items_total):
        delivery = Money.zero(currency)
    if payment_fee is None and payment_method:
        payment_fee = checkout_config().fee_for(payment_method)
    fee = payment_fee_for(fee=payment_fee, base=items_total + delivery)
    computed = duties_for(zone=zone, customs_value=customs_value or items_total, delivery=delivery)
    treatment = zone.customs_treatment if zone is not None else CustomsTreatment.NONE
    duties = computed.total if treatment == CustomsTreatment.DDP else Money.zero(currency)
    lines = [
        QuoteLine("items", str(_("Items")), items_total),
        QuoteLine("delivery", str(_("Delivery")), delivery),
        QuoteLine("payment_fee", str(_("Payment method fee")), fee),
    ]
    if duties:
        lines.append(QuoteLine("duties", str(_("Import duty and VAT")), duties))
    return Quote(
        currency=currency,
        items=items_total,
        delivery=delivery,
        payment_fee=fee,
        duties=duties,
        lines=lines,
        customs_treatment=treatment,
        duties_on_delivery=computed.total if treatment == CustomsTreatment.DAP else None,
        duty=computed.duty,
        import_vat=computed.import_vat,
        basket=basket,
        delivery_option_id=delivery_option.pk if delivery_option is not None else None,
        payment_method=payment_method or "",
    )


def cart_quote(
    *,
    cart: CartSummary,
    country: str,
    delivery_option: DeliveryOption | None,
    payment_method: str | None,
    currency: str | None = None,
) -> Quote:
    """The quote for a shopper's cart, with its lines (what the review page shows and the order charges), in
    ``currency`` (default: the cart's): each unit price converted once, the line totals from it."""
    currency = currency or cart.currency
    basket = tuple(
        BasketLine(product_id=item.product.pk, quantity=item.quantity, unit_price=convert(item.unit_price, currency))
        for item in cart.items
    )
    return checkout_quote(
        items_total=money_sum((line.unit_price * line.quantity for line in basket), currency),
        country=country,
        delivery_option=delivery_option,
        payment_method=payment_method,
        basket=basket,
    )
