"""POST /webhooks/stripe/: signature, replay, staleness, amount checks, side work; against a real localstripe."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from checkout.services import payment_card_start
from orders.models import Order
from orders.states import OrderStatus
from payments.models import Payment, PaymentState, WebhookEvent
from payments.services import payment_apply_intent
from tests.payments.conftest import (
    CARD_3DS,
    CARD_OK,
    WEBHOOK_SECRET,
    authenticate,
    card_token,
    intent_event,
    place,
    signed_event,
)

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]
URL = "/webhooks/stripe/"


def post(client, payload, **kwargs):
    body, signature = signed_event(payload, **kwargs)
    return client.post(URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def challenged_order(shop, localstripe):
    """An order whose 3-D Secure challenge was completed in the browser but not yet seen by the server."""
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    return order, Payment.objects.get(pk=outcome.payment.pk)


@pytest.mark.parametrize(
    "signature",
    [None, "garbage", "t=123,v1=deadbeef"],
    ids=["missing", "garbled", "wrong-hmac"],
)
def test_bad_signature_is_400_and_stores_nothing(client, shop, localstripe, signature):
    order, payment = challenged_order(shop, localstripe)
    body, _sig = signed_event(intent_event("evt_bad", "payment_intent.succeeded", payment.stripe_payment_intent_id))
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    response = client.post(URL, data=body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_wrong_secret_is_400(client, shop, localstripe):
    order, payment = challenged_order(shop, localstripe)
    payload = intent_event("evt_wrong", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    assert post(client, payload, secret="whsec_someone_else").status_code == 400
    assert not WebhookEvent.objects.exists()


def test_stale_timestamp_is_400(client, shop, localstripe):
    order, payment = challenged_order(shop, localstripe)
    payload = intent_event("evt_old", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    response = post(client, payload, timestamp=int(time.time()) - 301)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    order.refresh_from_db()
    assert order.status != OrderStatus.PAID


def test_signature_is_checked_over_the_raw_body(client, shop, localstripe):
    """Re-serialising the JSON (spaces) breaks the HMAC: the view must use request.body as received."""
    order, payment = challenged_order(shop, localstripe)
    body, signature = signed_event(
        intent_event("evt_raw", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    )
    tampered = body.replace(b'": "', b'":"')
    assert tampered != body
    response = client.post(URL, data=tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 400
    assert (
        client.post(URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature).status_code == 200
    )


def test_valid_event_settles_by_re_reading_stripe_and_a_replay_changes_nothing(
    client, shop, localstripe, django_capture_on_commit_callbacks
):
    order, payment = challenged_order(shop, localstripe)
    payload = intent_event("evt_once", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, payload)
    with django_capture_on_commit_callbacks(execute=True):
        second = post(client, payload)
    assert first.status_code == second.status_code == 200
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    assert WebhookEvent.objects.filter(stripe_event_id="evt_once").count() == 1
    assert len([m for m in mail.outbox if order.number in m.subject]) == 1  # one email
    assert shop.stock == 4  # one stock change


def test_payload_is_only_a_hint(client, shop, localstripe):
    """A correctly signed 'succeeded' for an intent that Stripe says still requires action pays nothing."""
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    payload = intent_event(
        "evt_lie", "payment_intent.succeeded", outcome.payment.stripe_payment_intent_id, status="succeeded", amount=1
    )
    assert post(client, payload).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_stale_payment_failed_after_succeeded_never_unpays(client, shop, localstripe):
    order = place(shop)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    payment = Payment.objects.get(order=order)
    payload = intent_event(
        "evt_stale_fail",
        "payment_intent.payment_failed",
        payment.stripe_payment_intent_id,
        status="requires_payment_method",
    )
    assert post(client, payload).status_code == 200
    # Even if Stripe itself answered requires_payment_method now, a final state never moves.
    from payments import gateway

    stale = gateway.IntentResult(
        id=payment.stripe_payment_intent_id,
        status="requires_payment_method",
        client_secret="",
        amount=payment.amount,
        currency="eur",
        metadata={"order_id": str(order.pk)},
        last_error_code="card_declined",
    )
    payment_apply_intent(payment=payment, intent=stale, via="stripe")
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert payment.state == PaymentState.SUCCEEDED


def test_amount_mismatch_flags_the_order_instead_of_paying(client, shop, localstripe):
    """The order total changes after the PaymentIntent was made (e.g. a bug or tampering): not paid, flagged."""
    order, payment = challenged_order(shop, localstripe)
    Order.objects.filter(pk=order.pk).update(total_amount=order.total_amount + 1000)
    payload = intent_event("evt_mismatch", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    assert post(client, payload).status_code == 200
    order.refresh_from_db()
    assert order.status != OrderStatus.PAID
    assert "does not match" in order.flagged_reason


def test_order_id_mismatch_flags_the_order(shop, localstripe, monkeypatch):
    """localstripe keeps metadata as sent, so the wrong order id is simulated by patching the gateway read."""
    from payments import gateway
    from payments.services import payment_settle

    order, payment = challenged_order(shop, localstripe)
    real = gateway.intent_retrieve

    def other_order(*, intent_id):
        intent = real(intent_id=intent_id)
        return gateway.IntentResult(**{**intent.__dict__, "metadata": {"order_id": "999999"}})

    monkeypatch.setattr(gateway, "intent_retrieve", other_order)
    payment_settle(payment=payment, via="card")
    order.refresh_from_db()
    assert order.status != OrderStatus.PAID
    assert "metadata.order_id" in order.flagged_reason


def test_unknown_event_types_get_200(client, shop):
    payload = {
        "id": "evt_cust",
        "object": "event",
        "type": "customer.created",
        "data": {"object": {"id": "cus_1", "object": "customer"}},
    }
    assert post(client, payload).status_code == 200


def test_failing_email_does_not_turn_the_answer_into_5xx(
    client, shop, localstripe, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", broken)
    order, payment = challenged_order(shop, localstripe)
    payload = intent_event("evt_mailfail", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, payload)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_stripe_unreachable_while_re_reading_keeps_the_event_and_its_retry_settles(
    client, shop, localstripe, settings
):
    order, payment = challenged_order(shop, localstripe)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    payload = intent_event("evt_retry", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    response = post(client, payload)
    assert response.status_code == 503
    stored = WebhookEvent.objects.get(stripe_event_id="evt_retry")  # stored before processing: a trace is left
    assert stored.processed_at is None and stored.last_error

    settings.STRIPE_API_BASE = localstripe
    assert post(client, payload).status_code == 200  # Stripe's retry of the same event is processed
    stored.refresh_from_db()
    assert stored.processed_at is not None and stored.last_error == ""
    assert post(client, payload).content == b"already received"


def test_signing_secret_is_never_logged(client, shop, caplog):
    with caplog.at_level("DEBUG"):
        post(client, intent_event("evt_log", "payment_intent.succeeded", "pi_x"), secret="whsec_wrong")
        post(client, intent_event("evt_log2", "payment_intent.succeeded", "pi_x"))
    assert WEBHOOK_SECRET not in caplog.text
