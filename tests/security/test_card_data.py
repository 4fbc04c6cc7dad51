"""No card number reaches our server, database or logs (PCI DSS SAQ A) [bar 17].

The full purchase runs over HTTP against a real localstripe: the test makes the card token directly at
localstripe, the way Stripe.js does in the browser, and the shop only ever sees the token's id.
"""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from orders.models import Order
from orders.states import OrderStatus
from tests.payments.conftest import CARD_OK, card_token
from tests.security.card_scan import card_numbers_in, database_card_numbers, texts_card_numbers
from tests.security.shop_flow import checkout_to_pay_step, pay_with_card, shop_make

PROJECT_APPS = ("accounts", "shop", "payments", "reviews", "support", "trust", "core")


def test_scanner_finds_card_numbers_in_any_layout_and_ignores_other_numbers():
    assert card_numbers_in("card 4242424242424242 ok") == ["4242424242424242"]
    assert card_numbers_in("4000 0027 6000 3184") == ["4000002760003184"]
    assert card_numbers_in("pan=5555-5555-5555-4444;") == ["5555555555554444"]
    assert card_numbers_in("amex 378282246310005") == ["378282246310005"]
    assert card_numbers_in("4242424242424241") == []  # fails Luhn
    assert card_numbers_in("order 1700000000123 at 1732345678") == []  # timestamps, ids
    assert card_numbers_in("12345") == []
    assert card_numbers_in("0000000000000000") == []


@pytest.mark.django_db
def test_database_scanner_sees_every_text_column():
    from accounts.models import Address
    from tests.accounts.helpers import user_make

    user = user_make(username="ada", email="ada@example.com")
    Address.objects.create(
        user=user, full_name="Ada", line1="4242 4242 4242 4242", postal_code="1", city="A", country="NL"
    )
    assert ("accounts_address", "line1", "4242424242424242") in database_card_numbers()


@pytest.mark.django_db
@pytest.mark.localstripe
def test_a_full_card_purchase_leaves_no_card_number_in_the_database_or_the_logs(client, localstripe, caplog):
    caplog.set_level(logging.DEBUG)
    _category, product = shop_make()
    review = checkout_to_pay_step(client, product)
    token = card_token(localstripe, CARD_OK)  # the browser talks to Stripe; we never see the number
    response = pay_with_card(client, review.content.decode(), token)
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body["status"] == "succeeded"
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    client.get(body["redirect"])  # the order page, as the shopper sees it next

    assert len(caplog.records) > 0  # the scan really read the log output
    log_text = [record.getMessage() for record in caplog.records] + [caplog.text]
    assert texts_card_numbers(log_text) == []
    assert database_card_numbers() == []
    assert texts_card_numbers(m.body for m in mail.outbox) == []
    # Every entry of every cache, read back through the cache (its stored keys are ":<version>:<key>"), but the
    # namespace versions: clock readings in nanoseconds, 19 digits that can pass the card-number check.
    values = [cache.get(key.split(":", 2)[2]) for cache in caches.all() for key in list(getattr(cache, "_cache", {}))]
    cached = [str(value) for value in values if not isinstance(value, int)]
    assert texts_card_numbers(cached) == []


def post_raw_card_number(client, localstripe):
    _category, product = shop_make()
    review = checkout_to_pay_step(client, product)
    return pay_with_card(client, review.content.decode(), CARD_OK)


@pytest.mark.django_db
@pytest.mark.localstripe
def test_a_card_number_posted_to_the_pay_endpoint_is_refused_and_never_stored(client, localstripe):
    """A broken or malicious client sends the raw number instead of a token: nothing keeps it."""
    response = post_raw_card_number(client, localstripe)
    assert response.status_code >= 400 or json.loads(response.content)["status"] != "succeeded"
    assert not Order.objects.filter(status=OrderStatus.PAID).exists()
    assert database_card_numbers() == []
    assert CARD_OK not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.localstripe
def test_a_card_number_posted_to_the_pay_endpoint_never_reaches_the_logs(client, localstripe, caplog):
    """Even at DEBUG: stripe-python logs request bodies at DEBUG, so its logger must stay quiet (payments/gateway)."""
    caplog.set_level(logging.DEBUG)
    post_raw_card_number(client, localstripe)
    assert texts_card_numbers([record.getMessage() for record in caplog.records] + [caplog.text]) == []


@pytest.mark.django_db
def test_no_form_anywhere_has_a_card_field():
    """No form field and no model field in the project is named like a card number, expiry or CVC."""
    import importlib
    import importlib.util
    import re

    from django import forms

    for app in PROJECT_APPS:  # import every forms module so its classes exist to be walked
        if importlib.util.find_spec(f"{app}.forms"):
            importlib.import_module(f"{app}.forms")
    card_like = re.compile(r"^(card_?number|cc_?number|pan|card_?exp\w*|exp_?(month|year)|cvc|cvv|csc)$", re.I)
    found = []

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    for form_class in set(walk(forms.BaseForm)):
        if form_class.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        fields = getattr(form_class, "base_fields", {})
        found += [f"{form_class.__module__}.{form_class.__name__}.{name}" for name in fields if card_like.match(name)]
    from django.apps import apps

    for model in apps.get_models():
        found += [f"{model._meta.label}.{f.name}" for f in model._meta.get_fields() if card_like.match(f.name)]
    assert found == []
    # Sanity: the walk sees our own forms.
    assert any(c.__module__ == "checkout.forms" for c in walk(forms.BaseForm))


def test_checkout_review_url_exists():
    assert reverse("checkout:checkout_review")
