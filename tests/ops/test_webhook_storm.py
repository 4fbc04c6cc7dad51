"""Webhook storms on PostgreSQL: the same event 20 times at once, and events out of order, change nothing twice.

Real threads, real transactions, a real localstripe: the webhook view re-reads each PaymentIntent from it.
"""

from __future__ import annotations

import random
import threading

import pytest
from django.core import mail
from django.test import Client

from checkout.services import payment_card_start
from orders.models import Order
from orders.signals import order_status_changed
from orders.states import OrderStatus
from payments.models import Payment, WebhookEvent
from tests.concurrency import run_together
from tests.ops.conftest import WEBHOOK_SECRET
from tests.payments.conftest import CARD_3DS, CARD_DECLINE, authenticate, card_token, intent_event, place, signed_event

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.localstripe]


def delivery(payload: dict):
    body, signature = signed_event(payload, secret=WEBHOOK_SECRET)

    def deliver() -> int:
        response = Client().post(
            "/webhooks/stripe/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
        )
        return response.status_code

    return deliver


@pytest.fixture
def paid_events():
    """Every order_status_changed(to=paid) sent, from any thread: one per fulfilment."""
    seen: list[int] = []
    lock = threading.Lock()

    def record(sender, order, from_status, to_status, **kwargs):
        if to_status == OrderStatus.PAID:
            with lock:
                seen.append(order.pk)

    order_status_changed.connect(record, dispatch_uid="ops-storm-paid")
    yield seen
    order_status_changed.disconnect(dispatch_uid="ops-storm-paid")


@pytest.fixture
def challenged(shop, own_localstripe):
    """A 3-D Secure payment the bank has approved, not yet known to the shop (its webhook is on its way)."""
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(own_localstripe.url, CARD_3DS))
    authenticate(own_localstripe.url, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    mail.outbox.clear()
    return order, Payment.objects.get(pk=outcome.payment.pk)


def assert_paid_once(order: Order, product, paid_events: list[int]) -> None:
    order.refresh_from_db()
    product.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1, "one fulfilment"
    assert paid_events == [order.pk], "one paid notification"
    assert len([m for m in mail.outbox if order.number in m.subject + m.body]) == 1, "one email"
    assert product.stock == 4, "one stock change"
    assert not order.flagged_reason


def test_the_same_event_delivered_20_times_at_once_fulfils_once(postgres_only, shop, challenged, paid_events):
    order, payment = challenged
    event = intent_event("evt_storm_same", "payment_intent.succeeded", payment.stripe_payment_intent_id)

    statuses = run_together(*[delivery(event) for _ in range(20)], timeout=120)

    assert statuses == [200] * 20, statuses  # the losers get a 2xx too: Stripe must not retry them
    assert WebhookEvent.objects.filter(stripe_event_id="evt_storm_same").count() == 1
    assert_paid_once(order, shop, paid_events)


def test_events_out_of_order_and_duplicated_at_once_fulfil_once(postgres_only, shop, challenged, paid_events):
    """A stale failure (an earlier declined card), the challenge, the success, each twice or more, shuffled."""
    order, payment = challenged
    intent = payment.stripe_payment_intent_id
    events = [
        intent_event("evt_ooo_failed", "payment_intent.payment_failed", intent, status="requires_payment_method"),
        intent_event("evt_ooo_action", "payment_intent.requires_action", intent, status="requires_action"),
        intent_event("evt_ooo_succeeded", "payment_intent.succeeded", intent, status="succeeded"),
        intent_event("evt_ooo_unknown", "customer.updated", "cus_123"),
    ]
    jobs = [delivery(random.choice(events)) for _ in range(16)] + [delivery(e) for e in events]  # noqa: S311
    random.shuffle(jobs)

    statuses = run_together(*jobs, timeout=120)

    assert statuses == [200] * len(jobs), statuses
    assert WebhookEvent.objects.filter(stripe_event_id__startswith="evt_ooo_").count() == len(events)
    assert_paid_once(order, shop, paid_events)


def test_a_late_failure_for_an_earlier_attempt_does_not_unpay_the_order(postgres_only, shop, own_localstripe,
                                                                       paid_events):
    """Decline first, then pay: the failure's webhook arrives after the success's. The order stays paid."""
    order = place(shop)
    declined = payment_card_start(order=order, payment_method_id=card_token(own_localstripe.url, CARD_DECLINE))
    assert declined.status == "failed"
    challenged = payment_card_start(order=order, payment_method_id=card_token(own_localstripe.url, CARD_3DS))
    authenticate(own_localstripe.url, challenged.payment.stripe_payment_intent_id, challenged.client_secret, True)
    mail.outbox.clear()
    success = intent_event("evt_late_ok", "payment_intent.succeeded", challenged.payment.stripe_payment_intent_id)
    failure = intent_event("evt_late_fail", "payment_intent.payment_failed", declined.payment.stripe_payment_intent_id)

    assert delivery(success)() == 200
    assert run_together(*[delivery(failure) for _ in range(10)], timeout=120) == [200] * 10

    assert_paid_once(order, shop, paid_events)
