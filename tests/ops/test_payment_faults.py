"""Faults around payment: localstripe stopped during checkout, a webhook that never arrives.

Each test runs the real checkout endpoints against a real localstripe of its own, which the test stops and
restarts. The shopper must be told "the payment service is unavailable, you were not charged", the order must
stay payable, and when the service is back the order is paid exactly once.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from orders.models import Order
from orders.states import OrderStatus
from payments import gateway
from payments.models import Payment, PaymentState
from tests.payments.conftest import CARD_3DS, CARD_OK, authenticate, card_token, place
from tests.payments.test_checkout_views import fingerprint_in, walk_to_review

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]
JSON = {"HTTP_ACCEPT": "application/json"}
UNAVAILABLE = "The payment service is unavailable right now. You were not charged"
UNANSWERED = "did not tell us whether your card was charged. If it was, your order will show as paid"


def pay(client, review: tuple[str, str], payment_method: str, **extra):
    """The review page's pay form, as the shopper's browser posts it (with the quote fingerprint it showed)."""
    page, token = review
    data = {
        "checkout_token": token,
        "quote_fingerprint": fingerprint_in(page),
        "accept_terms": "on",
        "accept_returns": "on",
        "payment_method_id": payment_method,
    }
    return client.post("/checkout/pay/", data, **extra)


def succeeded_intents_for(stripe, order: Order) -> list[dict]:
    return [
        pi for pi in stripe.intents() if pi["status"] == "succeeded" and pi["metadata"].get("order_id") == str(order.pk)
    ]


def test_localstripe_stopped_before_paying_says_not_charged_and_the_order_stays_payable(client, shop, own_localstripe):
    review = walk_to_review(client, shop)
    payment_method = card_token(own_localstripe.url, CARD_OK)
    own_localstripe.stop()

    answer = pay(client, review, payment_method, **JSON)

    assert answer.status_code == 503
    assert UNAVAILABLE in answer.json()["message"]
    order = Order.objects.get()
    assert order.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT)
    shop.refresh_from_db()
    assert shop.stock == 5, "a payment that never started holds no stock"

    # The same page without JavaScript: the review page again, with the message, not an error page.
    html = pay(client, review, payment_method)
    assert html.status_code == 503
    assert "You were not charged" in html.content.decode()

    own_localstripe.start()
    retried = pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)

    assert retried.status_code == 200 and retried.json()["status"] == "succeeded"
    order.refresh_from_db()
    assert Order.objects.count() == 1
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    assert len(succeeded_intents_for(own_localstripe, order)) == 1
    shop.refresh_from_db()
    assert shop.stock == 4


def test_localstripe_dies_between_creating_and_confirming_the_payment(client, shop, own_localstripe, monkeypatch):
    """The PaymentIntent exists at Stripe, the confirm never reaches it: shown as unavailable, paid once later."""
    review = walk_to_review(client, shop)
    payment_method = card_token(own_localstripe.url, CARD_OK)
    real_confirm = gateway.intent_confirm

    def confirm_after_crash(**kwargs):
        own_localstripe.stop()
        return real_confirm(**kwargs)

    monkeypatch.setattr(gateway, "intent_confirm", confirm_after_crash)
    answer = pay(client, review, payment_method, **JSON)
    monkeypatch.setattr(gateway, "intent_confirm", real_confirm)

    # The confirm may have reached Stripe: the shopper is not told "you were not charged" (it may be false).
    assert answer.status_code == 503 and UNANSWERED in answer.json()["message"]
    assert "You were not charged" not in answer.json()["message"]
    order = Order.objects.get()
    assert order.status != OrderStatus.PAID

    own_localstripe.start()
    retried = pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)

    assert retried.json()["status"] == "succeeded"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert len(succeeded_intents_for(own_localstripe, order)) == 1
    assert Payment.objects.filter(order=order, state=PaymentState.SUCCEEDED).count() == 1
    shop.refresh_from_db()
    assert shop.stock == 4


def charge_then_lose_the_answer(own_localstripe, monkeypatch):
    """Stripe charges the card, then the connection dies before its answer to the confirm comes back."""
    real_confirm = gateway.intent_confirm

    def confirm(**kwargs):
        real_confirm(**kwargs)
        own_localstripe.stop()
        raise gateway.GatewayUnavailable("connection reset")

    monkeypatch.setattr(gateway, "intent_confirm", confirm)
    return real_confirm


def test_answer_lost_after_the_charge_then_retry_does_not_charge_twice(client, shop, own_localstripe, monkeypatch):
    review = walk_to_review(client, shop)
    real_confirm = charge_then_lose_the_answer(own_localstripe, monkeypatch)
    answer = pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)
    monkeypatch.setattr(gateway, "intent_confirm", real_confirm)
    assert answer.status_code == 503 and UNANSWERED in answer.json()["message"]
    order = Order.objects.get()

    own_localstripe.start()
    retried = pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)  # the shopper tries again at once

    assert len(succeeded_intents_for(own_localstripe, order)) == 1, "the shopper was charged twice"
    assert len(own_localstripe.intents()) == 1, "no second PaymentIntent was even created"
    assert retried.status_code == 200
    assert retried.json()["status"] == "succeeded"
    assert "already paid" in retried.json()["message"] and "not been charged again" in retried.json()["message"]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    assert Payment.objects.filter(order=order, state=PaymentState.SUCCEEDED).count() == 1
    assert not Payment.objects.filter(order=order, state=PaymentState.CANCELED).exists()
    shop.refresh_from_db()
    assert shop.stock == 4

    # A third press changes nothing either.
    again = pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)
    assert again.status_code in (200, 400)
    assert len(own_localstripe.intents()) == 1


def test_answer_lost_then_retry_without_javascript_shows_the_order_already_paid(
    client, shop, own_localstripe, monkeypatch
):
    review = walk_to_review(client, shop)
    real_confirm = charge_then_lose_the_answer(own_localstripe, monkeypatch)
    first = pay(client, review, card_token(own_localstripe.url, CARD_OK))
    monkeypatch.setattr(gateway, "intent_confirm", real_confirm)
    assert first.status_code == 503
    assert "did not tell us whether your card was charged" in first.content.decode()

    own_localstripe.start()
    retried = pay(client, review, card_token(own_localstripe.url, CARD_OK))

    assert retried.status_code == 302
    page = client.get(retried.url).content.decode()
    assert "This order is already paid. You have not been charged again." in page
    assert len(own_localstripe.intents()) == 1


def test_answer_lost_and_stripe_still_down_at_the_retry_refuses_to_charge_again(
    client, shop, own_localstripe, monkeypatch
):
    """Stripe cannot say what became of the first attempt: the retry is refused, reconciliation settles it later."""
    review = walk_to_review(client, shop)
    real_confirm = charge_then_lose_the_answer(own_localstripe, monkeypatch)
    pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)
    monkeypatch.setattr(gateway, "intent_confirm", real_confirm)
    order = Order.objects.get()

    retried = pay(client, review, "card_still_down", **JSON)  # localstripe is still stopped

    assert retried.status_code == 503
    assert "You have not been charged again" in retried.json()["message"]
    first = Payment.objects.get(order=order)
    assert first.state == PaymentState.CREATED, "left for reconciliation, not marked cancelled locally"

    own_localstripe.start()
    call_command("reconcile_payments")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert len(succeeded_intents_for(own_localstripe, order)) == 1
    assert len(own_localstripe.intents()) == 1


def test_retry_after_an_unfinished_3ds_attempt_cancels_it_at_stripe_first(client, shop, own_localstripe):
    """The earlier attempt can still be cancelled: Stripe cancels it, and only then is a new charge made."""
    review = walk_to_review(client, shop)
    first = pay(client, review, card_token(own_localstripe.url, CARD_3DS), **JSON)
    assert first.json()["status"] == "requires_action"
    order = Order.objects.get()

    retried = pay(client, review, card_token(own_localstripe.url, CARD_OK), **JSON)

    assert retried.json()["status"] == "succeeded"
    statuses = sorted(pi["status"] for pi in own_localstripe.intents())
    assert statuses == ["canceled", "succeeded"]
    old, new = Payment.objects.filter(order=order).order_by("created_at", "id")
    assert old.state == PaymentState.CANCELED and new.state == PaymentState.SUCCEEDED
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_reconciliation_rereads_an_attempt_given_up_on_that_stripe_charged(shop, own_localstripe):
    """An attempt that ended here without success (e.g. cancelled locally by an older version) while Stripe took
    the money: reconciliation re-reads it and the order is paid with it, once."""
    from checkout.services import payment_card_start

    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(own_localstripe.url, CARD_OK))
    Payment.objects.filter(pk=outcome.payment.pk).update(state=PaymentState.CANCELED)
    order.status_changes.filter(to_status=OrderStatus.PAID).delete()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.AWAITING_PAYMENT)

    call_command("reconcile_payments")
    call_command("reconcile_payments")

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    assert Payment.objects.get(pk=outcome.payment.pk).state == PaymentState.SUCCEEDED
    assert not order.flagged_reason


def test_a_webhook_that_never_arrives_is_settled_by_reconciliation(
    shop, own_localstripe, django_capture_on_commit_callbacks
):
    """3-D Secure passed at the bank, the shopper closed the tab, and localstripe's webhook was lost."""
    from checkout.services import payment_card_start

    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(own_localstripe.url, CARD_3DS))
    authenticate(own_localstripe.url, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT  # nobody told the shop yet
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_payments")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_payments")  # a second run finds nothing to do

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    paid_mails = [m for m in mail.outbox if order.number in m.subject + m.body]
    assert len(paid_mails) == 1
    shop.refresh_from_db()
    assert shop.stock == 4
