"""An amount that differs from the order's is never taken as payment, whichever path settles it (issue 15): the
return page, the 3-D Secure status check, the webhook and reconciliation all reach the one check."""

from __future__ import annotations

import pytest

from checkout.services import payment_card_start
from orders.access import order_signed_path
from orders.states import OrderStatus, PaymentStatus
from payments import gateway
from payments.models import Payment, PaymentState
from payments.services import payments_reconcile
from tests.payments.conftest import CARD_3DS, authenticate, card_token, intent_event, place, signed_event

pytestmark = pytest.mark.localstripe


def one_cent_more(monkeypatch):
    real = gateway.intent_retrieve

    def retrieve(*, intent_id):
        intent = real(intent_id=intent_id)
        return gateway.IntentResult(**{**intent.__dict__, "amount": intent.amount + 1})

    monkeypatch.setattr(gateway, "intent_retrieve", retrieve)


def via_return_page(client, order, payment):
    assert client.get(order_signed_path(order=order)).status_code == 200


def via_status_check(client, order, payment):
    path = order_signed_path(order=order)
    client.post(path.replace(f"/orders/{order.number}/", f"/orders/{order.number}/payment-status/"))


def via_webhook(client, order, payment):
    body, signature = signed_event(
        intent_event("evt_mismatch", "payment_intent.succeeded", payment.stripe_payment_intent_id)
    )
    response = client.post(
        "/webhooks/stripe/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert response.status_code == 200


def via_reconciliation(client, order, payment):
    assert payments_reconcile()["checked"] >= 1


@pytest.mark.parametrize("path", [via_return_page, via_status_check, via_webhook, via_reconciliation])
def test_one_cent_more_at_stripe_flags_the_order_and_never_pays_it(path, client, shop, localstripe, monkeypatch):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    payment = Payment.objects.get(pk=outcome.payment.pk)
    one_cent_more(monkeypatch)

    path(client, order, payment)

    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status != OrderStatus.PAID and order.payment_status == PaymentStatus.UNPAID
    assert payment.state != PaymentState.SUCCEEDED and payment.last_error_code == "mismatch"
    assert "does not match the order" in order.flagged_reason and "amount" in order.flagged_reason
