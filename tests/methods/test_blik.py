"""BLIK in złoty: a 6-digit code on our page, then the approval in the bank app (the test double's "bank app"
answers per code: see payments/localstripe_double.py). Success, wrong code, refusal, time-out at the bank and
our own give-up, late and replayed webhooks, refund."""

from __future__ import annotations

import datetime

import pytest
import requests
from django.utils import timezone

from core.errors import ApplicationError
from core.money import Money
from orders.access import order_signed_path
from orders.models import PaymentMethod
from orders.states import OrderStatus, PaymentStatus
from payments.models import Payment, PaymentState, RefundState
from payments.services import (
    order_refund,
    payment_bank_expire_overdue,
    payment_bank_refresh,
    payment_bank_start,
)
from tests.methods.conftest import place_with, wait_until
from tests.payments.conftest import intent_event, signed_event

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

APPROVED = "123456"
INVALID = "000000"
REFUSED = "111111"
NEVER_APPROVED = "222222"  # the double fails it after its window (4 s in the test session; Stripe: 60 s)


def blik_order(shop):
    return place_with(shop, method=PaymentMethod.BLIK, country="PL", currency="PLN")


def start(order, code):
    return payment_bank_start(order=order, return_url="http://testserver/unused/", blik_code=code)


def settled(payment, state, timeout=8.0):
    return wait_until(lambda: payment_bank_refresh(payment=payment, via="blik").state == state, timeout=timeout)


def test_approved_in_the_app_pays_in_zloty(shop, localstripe, settings):
    order = blik_order(shop)
    assert order.currency == "PLN"
    outcome = start(order, APPROVED)
    assert outcome.status == PaymentState.REQUIRES_ACTION
    assert outcome.redirect_url == ""  # BLIK waits on our page, no bank page
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert settled(outcome.payment, PaymentState.SUCCEEDED)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    intent = requests.get(
        f"{localstripe}/v1/payment_intents/{outcome.payment.stripe_payment_intent_id}",
        headers={"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"},
        timeout=10,
    ).json()
    assert intent["currency"] == "pln"
    assert intent["amount"] == order.total_amount


def test_wrong_code_fails_at_once_and_a_new_code_pays(shop, localstripe):
    order = blik_order(shop)
    outcome = start(order, INVALID)
    assert outcome.status == PaymentState.FAILED
    assert "BLIK code was not accepted" in outcome.message
    order.refresh_from_db()
    assert order.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT)
    again = start(order, APPROVED)
    assert settled(again.payment, PaymentState.SUCCEEDED)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@pytest.mark.parametrize("code", ["", "12345", "12a456", "1234567"])
def test_a_code_that_is_not_six_digits_never_reaches_stripe(shop, localstripe, code):
    order = blik_order(shop)
    with pytest.raises(ApplicationError, match="6-digit BLIK code"):
        start(order, code)
    assert not Payment.objects.filter(order=order).exists()


def test_refused_in_the_app_says_so_and_keeps_the_order_open(client, shop, localstripe):
    order = blik_order(shop)
    outcome = start(order, REFUSED)
    assert settled(outcome.payment, PaymentState.FAILED)
    payment = Payment.objects.get(pk=outcome.payment.pk)
    assert payment.last_error_code == "customer_declined"
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "refused in your bank app" in page
    assert 'name="blik_code"' in page  # pay again with a new code
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert shop.stock == 5


def test_not_approved_in_time_at_the_bank(client, shop, localstripe):
    order = blik_order(shop)
    outcome = start(order, NEVER_APPROVED)
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "Approve the payment in your bank app" in page
    assert 'data-testid="blik-seconds"' in page
    assert settled(outcome.payment, PaymentState.FAILED, timeout=12)
    assert Payment.objects.get(pk=outcome.payment.pk).last_error_code == "code_expired"
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "not approved in your bank app in time" in page


def test_our_own_countdown_gives_up_and_cancels_at_stripe(client, shop, localstripe):
    order = blik_order(shop)
    outcome = start(order, NEVER_APPROVED)
    payment = Payment.objects.get(pk=outcome.payment.pk)
    # Inside the window (and its grace) nothing is given up.
    assert payment_bank_expire_overdue(payment=payment).state == PaymentState.REQUIRES_ACTION
    later = timezone.now() + datetime.timedelta(seconds=60 + 16)
    payment = payment_bank_expire_overdue(payment=payment, now=later)
    assert payment.state == PaymentState.FAILED
    assert payment.last_error_code == "blik_timeout"
    assert payment.events.filter(event="expire").exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT  # open: pay again with a new code
    key = order_signed_path(order=order).split("?key=")[1]
    status = client.post(f"/orders/{order.number}/payment-status/?key={key}")
    assert status.status_code == 402
    assert "in time" in status.json()["message"]


def test_waiting_page_status_answers_until_the_app_approves(client, shop, localstripe):
    order = blik_order(shop)
    start(order, APPROVED)
    key = order_signed_path(order=order).split("?key=")[1]
    url = f"/orders/{order.number}/payment-status/?key={key}"
    assert wait_until(lambda: client.post(url).json()["status"] == "succeeded")
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "We received your payment" in page


def test_late_and_replayed_webhooks_change_nothing_twice(client, shop, localstripe):
    order = blik_order(shop)
    outcome = start(order, APPROVED)
    assert settled(outcome.payment, PaymentState.SUCCEEDED)
    payload = intent_event("evt_blik_ok", "payment_intent.succeeded", outcome.payment.stripe_payment_intent_id)
    for _ in range(2):
        body, signature = signed_event(payload)
        response = client.post(
            "/webhooks/stripe/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
        )
        assert response.status_code == 200
    order.refresh_from_db()
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1


def test_refund_in_zloty_and_only_in_zloty(shop, localstripe):
    order = blik_order(shop)
    outcome = start(order, APPROVED)
    assert settled(outcome.payment, PaymentState.SUCCEEDED)
    order.refresh_from_db()
    with pytest.raises(ApplicationError):
        order_refund(order=order, amount=Money(1000, "EUR"), reason="x", restock=False, actor=None)
    refund = order_refund(
        order=order, amount=Money(order.total_amount, "PLN"), reason="Return", restock=True, actor=None
    )
    assert refund.state == RefundState.SUCCEEDED
    assert refund.currency == "PLN"
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED


def test_blik_is_not_offered_in_euro(shop):
    with pytest.raises(ApplicationError, match="not available"):
        place_with(shop, method=PaymentMethod.BLIK, country="PL", currency="EUR")
