"""Helpers for the payments tests: demo fee/delivery config, orders placed through the real service, cards
made in the real localstripe (over plain HTTP, the way Stripe.js would: the app never sees card numbers)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import pytest
import requests

from checkout.services import CheckoutDetails, order_place
from demo.seeding.payments import seed_payment_config
from orders.models import DeliveryOption, Order, PaymentMethod
from shop.factories import ProductFactory
from shop.selectors import CartItem, CartSummary

WEBHOOK_SECRET = "whsec_test_payments_suite_secret"

CARD_OK = "4242424242424242"
CARD_3DS = "4000002760003184"
CARD_3DS_DECLINE = "4000008400001629"
CARD_DECLINE = "4000000000000341"


@pytest.fixture
def shop(db, settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    seed_payment_config()
    return ProductFactory(price_amount=2500, stock=5)


def details(method: str = PaymentMethod.CARD, country: str = "NL", **overrides) -> CheckoutDetails:
    option = DeliveryOption.objects.filter(zone__countries__contains=country).order_by("position").first()
    data = dict(
        email="buyer@example.com",
        full_name="Bea Buyer",
        address_line1="Damrak 1",
        address_line2="",
        postal_code="1012 LG",
        city="Amsterdam",
        country=country,
        phone="",
        delivery_option_id=option.pk,
        payment_method=method,
    )
    data.update(overrides)
    return CheckoutDetails(**data)


def place(product, *, quantity: int = 1, method: str = PaymentMethod.CARD, token: str | None = None) -> Order:
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    return order_place(
        cart=cart,
        details=details(method),
        checkout_token=token or uuid.uuid4().hex,
        user=None,
        accepted_terms=None,
        accepted_returns_policy=None,
        client=None,
        quote_fingerprint=None,
    )


def card_token(base_url: str, number: str) -> str:
    """What Stripe.js's createToken gives the browser: a card_... id usable as a payment method."""
    response = requests.post(
        f"{base_url}/v1/tokens",
        data={
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2031",
            "card[cvc]": "123",
            "key": "pk_test_payments_suite",
        },
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["card"]["id"]


def authenticate(base_url: str, intent_id: str, client_secret: str, success: bool) -> None:
    """What the shopper does in localstripe's 3-D Secure dialog."""
    response = requests.post(
        f"{base_url}/v1/payment_intents/{intent_id}/_authenticate",
        data={"client_secret": client_secret, "success": "true" if success else "false", "key": "pk_test_x"},
        timeout=10,
    )
    assert response.status_code in (200, 402), response.text


def signed_event(payload: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """Stripe's scheme: t=<ts>,v1=HMAC_SHA256(secret, "<ts>.<body>")."""
    body = json.dumps(payload).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={ts},v1={signature}"


def intent_event(event_id: str, event_type: str, intent_id: str, **obj) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "data": {"object": {"id": intent_id, "object": "payment_intent", **obj}},
    }


@pytest.fixture
def merchant_client(client, django_user_model):
    """A superuser who passed two-factor authentication in this session (the admin demands it)."""
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.receivers import MFA_SETUP_SESSION_KEY

    user = django_user_model.objects.create_superuser("merchant-pay", "merchant-pay@example.com", "pw-long-enough-1")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    session = client.session
    session[MFA_SETUP_SESSION_KEY] = str(user.pk)
    session.save()
    return client
