"""Placing an order: the cart frozen at the quoted prices, screened, its stock reserved, an offline payment opened."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from checkout.pricing import cart_quote
from checkout.services.limits import unpaid_orders_limit_check
from core.errors import ApplicationError
from core.validators import single_line_clean
from fraud.client import ClientContext
from fraud.models import Decision
from fraud.scoring import CardFacts
from fraud.services import (
    PaymentBlocked,
    RiskDecision,
    assessment_link_order,
    block_message,
    payment_attempt_screen,
)
from orders.delivery_dates import delivery_estimate
from orders.methods import REGISTRY, method_spec
from orders.models import (
    DELAYED_PAYMENT_METHODS,
    OFFLINE_METHODS,
    STRIPE_METHODS,
    DeliveryOption,
    Order,
    OrderLine,
    OrderStatusChange,
    PaymentMethod,
)
from orders.services import order_event, order_flag, stock_reserve, unpaid_window
from orders.signals import order_status_changed
from orders.states import OrderStatus
from payments.services import (
    payment_offline_open,
)
from policies.models import PolicyVersion
from policies.selectors import policy_version_language
from prices.currency import base_amount_of, base_currency, shop_currencies
from shop.selectors import CartSummary

S = OrderStatus


@dataclass(frozen=True)
class CheckoutDetails:
    email: str
    full_name: str
    address_line1: str
    address_line2: str
    postal_code: str
    city: str
    country: str
    phone: str
    delivery_option_id: int
    payment_method: str
    currency: str = ""  # the shopper's currency; empty: the shop's base currency


# The typed text fields of a checkout and whether each is required: every one is a single line (the email
# greeting prints the name), at most as long as its column.
CHECKOUT_TEXT_FIELDS = {
    "email": True,
    "full_name": True,
    "address_line1": True,
    "address_line2": False,
    "postal_code": True,
    "city": True,
    "phone": False,
}


def checkout_details_clean(*, details: CheckoutDetails) -> CheckoutDetails:
    """The details with each text field trimmed; ``ApplicationError`` for a line break, control character or
    over-long value (the address form refuses them too: this holds for every caller)."""
    cleaned = {}
    for name, required in CHECKOUT_TEXT_FIELDS.items():
        field = Order._meta.get_field(name)
        cleaned[name] = single_line_clean(
            getattr(details, name),
            field=name,
            label=capfirst(field.verbose_name),
            max_length=field.max_length,
            required=required,
        )
    return replace(details, **cleaned)


class QuoteChanged(ApplicationError):
    """The total (or anything priced) differs from what the pay button showed: nothing is placed or charged."""


def order_place(
    *,
    cart: CartSummary,
    details: CheckoutDetails,
    checkout_token: str,
    user: AbstractBaseUser | None,
    accepted_terms: PolicyVersion | None,
    accepted_returns_policy: PolicyVersion | None,
    client: ClientContext | None,
    quote_fingerprint: str | None,
    language: str = "en",
) -> Order:
    """Freeze the cart into an order, reserve its stock and start the offline payment if any.

    Keyed on ``checkout_token``: a second submit of the same checkout returns the first order.
    Prices come from the database only, through ``checkout_quote``.

    A shopper's click passes ``client`` (their IP, device cookie and session, from the request) and
    ``quote_fingerprint`` (the ``Quote.fingerprint`` the pay button was rendered with). The quote is recomputed
    here and a different fingerprint raises ``QuoteChanged``; the limits on open unpaid orders apply to the
    client. ``None`` for both means the caller is not a shopper's request (seed data, tests): no comparison, no
    limits.

    Every method but the card is screened here, before the order exists (cards are screened per attempt in
    ``payment_card_start``): a block raises ``PaymentBlocked`` with nothing placed and no stock taken; a hold
    makes an offline order wait for the merchant's review (``HELD_FOR_REVIEW``) and flags a direct debit for a
    look before shipping.
    """
    existing = Order.objects.filter(checkout_token=checkout_token).first()
    if existing is not None:
        return _order_placed_before(existing, quote_fingerprint)
    if cart.is_empty:
        raise ApplicationError(_("Your cart is empty."))
    details = checkout_details_clean(details=details)
    option = DeliveryOption.objects.select_related("zone").filter(pk=details.delivery_option_id, active=True).first()
    if option is None or details.country not in option.zone.country_codes:
        raise ApplicationError(_("Please choose a delivery option for your country."), field="delivery_option")
    if details.payment_method == PaymentMethod.CASH_ON_DELIVERY and not option.zone.cash_on_delivery:
        raise ApplicationError(_("Cash on delivery is not available for this address."), field="payment_method")
    currency = details.currency or base_currency()
    if currency not in shop_currencies():
        raise ApplicationError(_("This currency is not offered."), field="currency")
    if details.payment_method in REGISTRY and not method_spec(details.payment_method).serves(
        country=details.country, currency=currency
    ):
        raise ApplicationError(_("This payment method is not available for this address and currency."))
    quote = cart_quote(
        cart=cart,
        country=details.country,
        delivery_option=option,
        payment_method=details.payment_method,
        currency=currency,
    )
    base_total, rate = base_amount_of(quote.total)
    if quote_fingerprint is not None and not secrets.compare_digest(quote.fingerprint, quote_fingerprint):
        raise QuoteChanged(_("Your basket changed; please check the new total."))
    estimate = delivery_estimate(option=option, now=timezone.now())  # promised now, shown on page and emails
    client_known = client or ClientContext()
    order = Order(
        checkout_token=checkout_token,
        user=user if user is not None and user.is_authenticated else None,
        email=details.email,
        language=language,
        full_name=details.full_name,
        address_line1=details.address_line1,
        address_line2=details.address_line2,
        postal_code=details.postal_code,
        city=details.city,
        country=details.country,
        phone=details.phone,
        payment_method=details.payment_method,
        delivery_option=option,
        delivery_option_name=option.name,
        delivery_min_days=option.min_days,
        delivery_max_days=option.max_days,
        delivery_estimate_from=estimate[0],
        delivery_estimate_to=estimate[1],
        currency=quote.currency,
        items_amount=quote.items.amount,
        delivery_amount=quote.delivery.amount,
        payment_fee_amount=quote.payment_fee.amount,
        duties_amount=quote.duties.amount,
        total_amount=quote.total.amount,
        exchange_rate=rate,
        base_total_amount=base_total,
        accepted_terms=accepted_terms,
        accepted_returns_policy=accepted_returns_policy,
        accepted_terms_language=policy_version_language(version=accepted_terms, language=language)
        if accepted_terms
        else "",
        accepted_returns_policy_language=policy_version_language(version=accepted_returns_policy, language=language)
        if accepted_returns_policy
        else "",
        quote_fingerprint=quote.fingerprint,
        client_ip=client_known.ip,
        device_id=client_known.device_id[:64],
        session_key=client_known.session_key[:40],
        expires_at=timezone.now() + unpaid_window(details.payment_method),
    )
    screening = None
    try:
        with transaction.atomic():
            if client is not None and details.payment_method in DELAYED_PAYMENT_METHODS:
                unpaid_orders_limit_check(email=details.email, client=client, units=cart.count)
            if details.payment_method != PaymentMethod.CARD:
                screening = payment_attempt_screen(order=order, client=client_known, card=CardFacts())
            if screening is None or not screening.blocked:
                _order_create(order=order, cart=cart, screening=screening, unit_prices=quote.basket)
    except IntegrityError:
        # The same checkout submitted twice at once: the unique token let exactly one through.
        existing = Order.objects.filter(checkout_token=checkout_token).first()
        if existing is None:
            raise
        return _order_placed_before(existing, quote_fingerprint)
    if screening is not None and screening.blocked:
        # Committed above: the assessment is kept; no order, no stock, the cart untouched.
        raise PaymentBlocked(block_message(method=details.payment_method))
    return order


def _order_placed_before(order: Order, quote_fingerprint: str | None) -> Order:
    """A second submit of a checkout: it must be for the quote the order was placed at."""
    if quote_fingerprint is not None and not secrets.compare_digest(order.quote_fingerprint, quote_fingerprint):
        raise QuoteChanged(_("Your basket changed; please check the new total."))
    return order


def _order_create(*, order: Order, cart: CartSummary, screening: RiskDecision | None, unit_prices: tuple = ()) -> None:
    """Write the order, its lines and first status, reserve the stock, start an offline payment (in the caller's
    transaction). ``screening`` is the decision for a method screened at placement."""
    method = order.payment_method
    prices = {line.product_id: line.unit_price.amount for line in unit_prices}
    order.save(force_insert=True)
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=item.product,
            sku=item.product.sku,
            name=item.product.name,
            # The unit price as quoted, in the order's currency (converted once by the quote).
            unit_price_amount=prices.get(item.product.pk, item.product.price_amount),
            quantity=item.quantity,
        )
        for item in cart.items
    )
    OrderStatusChange.objects.create(
        order=order, from_status="", to_status=S.PLACED, event="place", cause_code="placed", actor=None
    )
    if method in STRIPE_METHODS:
        # The confirmation email (offline methods get theirs with the payment instructions).
        transaction.on_commit(
            lambda: order_status_changed.send(sender=Order, order=order, from_status="", to_status=S.PLACED)
        )
    stock_reserve(order=order)
    payment = None
    held = screening is not None and screening.decision == Decision.REVIEW
    if method in OFFLINE_METHODS:
        payment = payment_offline_open(order=order)
        if held:
            order_event(order=order, event="hold_for_review", cause="held_offline")
        else:
            cause = "awaiting_bank_transfer" if method == PaymentMethod.BANK_TRANSFER else "awaiting_cash"
            order_event(order=order, event="await_payment", cause=cause)
    elif held:
        # A direct debit cannot be held at the bank: it runs, and the order waits for a look before shipping.
        order_flag(order, f"Held by the fraud screening (score {screening.score}): check before shipping.")
    if screening is not None:
        assessment_link_order(assessment=screening.assessment, order=order, payment=payment)
    if cart.cart is not None:
        cart.cart.lines.all().delete()
