"""Helpers for the fraud tests: real orders, real payment attempts, real screening rows (no mocks of our code)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from demo.seeding.payments import seed_payment_config
from fraud.client import ClientContext
from fraud.models import IPCountryRange, RiskAssessment
from fraud.scoring import CardFacts
from fraud.services import assessment_link_payment, fraud_defaults_ensure, payment_attempt_screen
from orders.factories import OrderFactory, order_move
from orders.models import Order, PaymentMethod
from orders.states import OrderStatus
from payments.models import Payment, PaymentState
from tests.payments.conftest import merchant_client, shop  # noqa: F401 (fixtures shared with the payments suite)
from tests.payments.test_checkout_browser import guest_with_cart, stripe_in_browser  # noqa: F401

# Documentation ranges (RFC 5737) given demo countries, the way a merchant fills the table.
NL_IP, DE_IP, US_IP = "192.0.2.10", "198.51.100.20", "203.0.113.30"


@pytest.fixture
def fraud_setup(db):
    fraud_defaults_ensure()
    seed_payment_config()
    for network, country in [("192.0.2.0/24", "NL"), ("198.51.100.0/24", "DE"), ("203.0.113.0/24", "US")]:
        IPCountryRange.objects.create(network=network, country=country)


def make_order(
    *,
    email: str = "anna@example.com",
    user=None,
    total: int = 4_995,
    country: str = "NL",
    address: str = "Prinsengracht 12",
    postal_code: str = "1015 DK",
    status: str = OrderStatus.PLACED,
    placed_days_ago: float = 0,
) -> Order:
    order = OrderFactory(
        email=email,
        user=user,
        total_amount=total,
        items_amount=total,
        country=country,
        address_line1=address,
        postal_code=postal_code,
    )
    if status == OrderStatus.PAID:
        order_move(order=order, to_status=OrderStatus.PAID, cause="test: paid")
    if placed_days_ago:
        Order.objects.filter(pk=order.pk).update(placed_at=timezone.now() - datetime.timedelta(days=placed_days_ago))
    order.refresh_from_db()
    return order


def attempt(
    order: Order,
    *,
    ip: str | None = NL_IP,
    device: str = "",
    card: str = "fp:card-anna",
    card_country: str = "NL",
    outcome: str | None = PaymentState.SUCCEEDED,
    error_code: str = "",
    minutes_ago: float = 0,
) -> RiskAssessment:
    """One screened attempt on ``order`` and, unless it was blocked, the Payment it led to in ``outcome``."""
    decision = payment_attempt_screen(
        order=order,
        client=ClientContext(ip=ip, device_id=device),
        card=CardFacts(key=card, is_fingerprint=card.startswith("fp:"), country=card_country),
    )
    assessment = decision.assessment
    if outcome is not None and not decision.blocked:
        payment = Payment.objects.create(
            order=order,
            method=PaymentMethod.CARD,
            state=outcome,
            amount=order.total_amount,
            currency=order.currency,
            stripe_payment_intent_id=f"pi_test_{uuid.uuid4().hex[:16]}",
            last_error_code=error_code,
        )
        assessment_link_payment(assessment=assessment, payment=payment)
    if minutes_ago:
        then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        RiskAssessment.objects.filter(pk=assessment.pk).update(created_at=then)
        Payment.objects.filter(risk_assessment=assessment).update(updated_at=then)
    return assessment


def screen(order: Order, *, ip: str | None = NL_IP, device: str = "", card: str = "fp:card-anna", card_country="NL"):
    return payment_attempt_screen(
        order=order,
        client=ClientContext(ip=ip, device_id=device),
        card=CardFacts(key=card, is_fingerprint=True, country=card_country),
    )


def keys(decision) -> set[str]:
    return {signal["key"] for signal in decision.assessment.signals}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The normal-basket figure is cached: each test starts (and leaves) without it."""
    from core.cache import pages_cache

    pages_cache.clear()
    yield
    pages_cache.clear()
