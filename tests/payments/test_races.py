"""Races on PostgreSQL, with real threads and real transactions."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from checkout.services import payment_card_start
from core.errors import ApplicationError
from core.money import Money
from orders.models import Order, PaymentMethod
from orders.states import OrderStatus, PaymentStatus
from payments.models import Payment, PaymentState, Refund
from payments.services import bank_transfer_mark_received, order_refund, payment_settle
from tests.concurrency import run_together
from tests.payments.conftest import CARD_3DS, authenticate, card_token, intent_event, place, signed_event

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_shoppers_race_for_the_last_item_exactly_one_wins(postgres_only, shop):
    shop.stock = 1
    shop.save()
    results = run_together(*(lambda: place(shop, token=uuid.uuid4().hex) for _ in range(2)))
    winners = [r for r in results if isinstance(r, Order)]
    losers = [r for r in results if isinstance(r, ApplicationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "sold out" in losers[0].message
    shop.refresh_from_db()
    assert shop.stock == 0
    assert Order.objects.count() == 1  # the loser's order rolled back with its reservation


def test_double_click_of_the_same_checkout_makes_one_order(postgres_only, shop):
    token = uuid.uuid4().hex
    results = run_together(lambda: place(shop, token=token), lambda: place(shop, token=token))
    assert all(isinstance(r, Order) for r in results), results
    assert results[0].pk == results[1].pk
    shop.refresh_from_db()
    assert shop.stock == 4


@pytest.fixture
def challenged(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    return order, Payment.objects.get(pk=outcome.payment.pk)


@pytest.mark.localstripe
def test_two_concurrent_deliveries_of_one_event_fulfil_once(postgres_only, shop, challenged):
    order, payment = challenged
    body, signature = signed_event(
        intent_event("evt_twin", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    )

    def deliver():
        return (
            Client()
            .post("/webhooks/stripe/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
            .status_code
        )

    results = run_together(deliver, deliver)
    assert results == [200, 200]
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    assert shop.stock == 4


@pytest.mark.localstripe
def test_return_page_racing_the_webhook_fulfils_once(postgres_only, shop, challenged):
    order, payment = challenged
    body, signature = signed_event(
        intent_event("evt_race", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    )

    def webhook():
        return (
            Client()
            .post("/webhooks/stripe/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
            .status_code
        )

    def return_page():
        return payment_settle(payment=Payment.objects.get(pk=payment.pk), via="card").state

    results = run_together(webhook, return_page, return_page)
    assert results[0] == 200 and results[1:] == [PaymentState.SUCCEEDED, PaymentState.SUCCEEDED], results
    order.refresh_from_db()
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1


def test_two_refunds_at_once_never_exceed_what_was_paid(postgres_only, shop):
    """Each refund alone fits under the cap, both together do not: the order's and the payment's row locks make
    the second one see the first refund row (written before Stripe is asked) and refuse."""
    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    bank_transfer_mark_received(order=order, actor=None)
    amount = Money(order.total_amount - 100, order.currency)
    results = run_together(
        *(lambda: order_refund(order=order, amount=amount, reason="race", restock=False, actor=None) for _ in range(2))
    )
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(refused) == 1 and "At most" in refused[0].message, results
    assert Refund.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
