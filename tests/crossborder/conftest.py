"""Cross-border fixtures: the demo zones (EU, GB and CH collecting duties at checkout, US on delivery)."""

from __future__ import annotations

import uuid

import pytest

from checkout.services import CheckoutDetails, order_place
from demo.seeding.payments import seed_payment_config
from orders.methods import methods_for as registry_methods_for
from orders.models import DeliveryOption, Order, PaymentMethod
from shop.factories import ProductFactory
from shop.selectors import CartItem, CartSummary
from tests.payments.conftest import merchant_client  # noqa: F401 - a fixture shared with the payments tests

ADDRESSES = {
    "NL": ("Damrak 1", "1012 LG", "Amsterdam"),
    "PL": ("Marszałkowska 1", "00-001", "Warszawa"),
    "DE": ("Unter den Linden 1", "10117", "Berlin"),
    "FR": ("1 Rue de Rivoli", "75001", "Paris"),
    "IE": ("1 O'Connell St", "D01 F5P2", "Dublin"),
    "GB": ("10 Downing St", "SW1A 2AA", "London"),
    "CH": ("Bahnhofstrasse 1", "8001", "Zürich"),
    "US": ("1 Main St", "10001", "New York"),
}


@pytest.fixture
def zones(db):
    seed_payment_config()


@pytest.fixture
def product(zones):
    return ProductFactory(name="Espresso cup set", price_amount=2500, stock=500)


def place_order(product, *, country: str, option: DeliveryOption, method: str, quantity: int = 4) -> Order:
    street, postal, city = ADDRESSES[country]
    details = CheckoutDetails(
        email="world@example.com",
        full_name="Wanda World",
        address_line1=street,
        address_line2="",
        postal_code=postal,
        city=city,
        country=country,
        phone="",
        delivery_option_id=option.pk,
        payment_method=method,
    )
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    return order_place(
        cart=cart,
        details=details,
        checkout_token=uuid.uuid4().hex,
        user=None,
        accepted_terms=None,
        accepted_returns_policy=None,
        client=None,
        quote_fingerprint=None,
    )


def methods_for(option: DeliveryOption) -> list[str]:
    """The methods the registry offers for the zone's first country in euro (iDEAL only for NL, ...)."""
    country = option.zone.country_codes[0]
    return [
        spec.code
        for spec in registry_methods_for(country=country, currency="EUR")
        if spec.code != PaymentMethod.CASH_ON_DELIVERY or option.zone.cash_on_delivery
    ]
