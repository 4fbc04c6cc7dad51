"""The pay button: place the order (once per checkout token) and start paying it, in one service."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.urls import reverse

from checkout.services.pay import payment_card_start
from checkout.services.placing import CheckoutDetails, order_place
from core.absolute import absolute_url
from fraud.client import ClientContext
from fraud.services import PaymentBlocked
from orders.access import order_access_key
from orders.models import BANK_FLOW_METHODS, Order, PaymentMethod
from orders.services import order_items_to_cart
from payments.services import PaymentOutcome, payment_bank_start, payment_sepa_start
from policies.models import PolicyVersion
from shop.selectors import CartSummary


@dataclass(frozen=True)
class PayDetails:
    """What the pay button sent with the order: a card's payment-method token, or a SEPA mandate's IBAN and holder."""

    payment_method_id: str = ""
    iban: str = ""
    account_holder: str = ""
    blik_code: str = ""


def order_payment_return_url(*, order: Order) -> str:
    """Where Stripe sends the shopper back after the bank's page: our return page, with the order's link key
    (the return page re-reads the PaymentIntent; Stripe's query parameters grant nothing)."""
    key = order_access_key(order=order)
    return absolute_url(reverse("orders:order_payment_return", kwargs={"number": order.number}) + "?key=" + key)


def order_pay_start(*, order: Order, pay: PayDetails, request: HttpRequest | None = None) -> PaymentOutcome | None:
    """Start paying ``order`` online (the checkout and the order page's "pay again"); ``None`` for the methods paid
    offline (bank transfer, cash on delivery), which have nothing to do online."""
    if order.payment_method == PaymentMethod.CARD:
        return payment_card_start(order=order, payment_method_id=pay.payment_method_id, request=request)
    if order.payment_method == PaymentMethod.SEPA_DEBIT:
        return payment_sepa_start(order=order, iban=pay.iban, account_holder=pay.account_holder)
    if order.payment_method in BANK_FLOW_METHODS:
        return payment_bank_start(
            order=order, return_url=order_payment_return_url(order=order), blik_code=pay.blik_code
        )
    return None


def checkout_submit(
    *,
    cart: CartSummary,
    details: CheckoutDetails,
    checkout_token: str,
    user: AbstractBaseUser | None,
    accepted_terms: PolicyVersion | None,
    accepted_returns_policy: PolicyVersion | None,
    client: ClientContext,
    quote_fingerprint: str,
    language: str,
    pay: PayDetails,
    request: HttpRequest | None = None,
) -> tuple[Order, PaymentOutcome | None]:
    """Place the order and start paying it. Raises what ``order_place`` and the payment step raise
    (``QuoteChanged``, ``PaymentBlocked``, ``ApplicationError``, ``GatewayError``).

    A card attempt the screening blocks cancels the order: its items go back into the shopper's cart, so they can
    check out again with another card or method.
    """
    order = order_place(
        cart=cart,
        details=details,
        checkout_token=checkout_token,
        user=user,
        accepted_terms=accepted_terms,
        accepted_returns_policy=accepted_returns_policy,
        client=client,
        quote_fingerprint=quote_fingerprint,
        language=language,
    )
    try:
        outcome = order_pay_start(order=order, pay=pay, request=request)
    except PaymentBlocked:
        if cart.cart is not None:
            order_items_to_cart(order=order, cart=cart.cart)
        raise
    return order, outcome
