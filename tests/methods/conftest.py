"""Helpers for the bank-method tests: orders placed through the real service, the shopper's clicks on the test
double's authorisation page (payments/localstripe_double.py) done over plain HTTP, as a browser would."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from checkout.services import order_place
from orders.models import Order
from shop.selectors import CartItem, CartSummary
from tests.payments.conftest import WEBHOOK_SECRET, details, intent_event, signed_event  # noqa: F401
from tests.payments.conftest import shop as shop  # noqa: F401 - the fixture, shared

RETURN_URL = "http://testserver/return-here/"


def place_with(product, *, method: str, country: str = "NL", quantity: int = 1, currency: str = "") -> Order:
    """An order placed through the real service, in ``currency`` (empty: the shop's base currency)."""
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    return order_place(
        cart=cart,
        details=replace(details(method, country=country), currency=currency),
        checkout_token=uuid.uuid4().hex,
        user=None,
        accepted_terms=None,
        accepted_returns_policy=None,
        client=None,
        quote_fingerprint=None,
    )


def bank_page(url: str, action: str) -> str:
    """Open the bank's (test) page and press "Authorise test payment" or "Fail test payment"; return where the
    browser is sent back to."""
    page = requests.get(url, timeout=10)
    assert page.status_code == 200
    assert "Authorise test payment" in page.text and "Fail test payment" in page.text
    secret = parse_qs(urlsplit(url).query)["client_secret"][0]
    answer = requests.post(
        url.split("?")[0], data={"client_secret": secret, "action": action}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["Location"]


def wait_until(predicate, timeout: float = 8.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def product(shop):
    return shop
