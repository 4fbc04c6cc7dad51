"""Card payments against a real localstripe: success, 3-D Secure success and failure, declines, stock."""

from __future__ import annotations

import pytest

from checkout.services import payment_card_start
from orders.states import OrderStatus
from payments.models import Payment, PaymentState
from payments.services import payment_settle
from tests.payments.conftest import CARD_3DS, CARD_3DS_DECLINE, CARD_DECLINE, CARD_OK, authenticate, card_token, place

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]


def test_card_without_3ds_pays_the_order_for_the_quoted_total(shop, localstripe):
    order = place(shop, quantity=2)
    assert order.status == OrderStatus.PLACED
    shop.refresh_from_db()
    assert shop.stock == 3  # reserved at placement

    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))

    order.refresh_from_db()
    assert outcome.status == PaymentState.SUCCEEDED
    assert order.status == OrderStatus.PAID
    payment = Payment.objects.get(order=order)
    assert payment.amount == order.total_amount == 2 * 2500 + 495  # items + NL standard delivery, no card fee
    assert payment.stripe_payment_intent_id.startswith("pi_")
    assert not payment.authenticated_3ds
    shop.refresh_from_db()
    assert shop.stock == 3


def test_3ds_card_shows_challenge_and_is_not_paid_until_confirmed(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))

    order.refresh_from_db()
    assert outcome.status == PaymentState.REQUIRES_ACTION
    assert outcome.client_secret
    assert order.status == OrderStatus.AWAITING_PAYMENT  # challenge shown, order not paid

    payment = outcome.payment
    authenticate(localstripe, payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    payment = payment_settle(payment=payment, via="card")

    order.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.authenticated_3ds
    assert order.status == OrderStatus.PAID


def test_failed_3ds_challenge_allows_retry_and_takes_no_stock(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=False)
    payment = payment_settle(payment=outcome.payment, via="card")

    order.refresh_from_db()
    shop.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert payment.last_error_code == "payment_intent_authentication_failure"
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert shop.stock == 5  # nothing kept while unpaid

    retry = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    order.refresh_from_db()
    shop.refresh_from_db()
    assert retry.status == PaymentState.SUCCEEDED
    assert order.status == OrderStatus.PAID
    assert shop.stock == 4
    assert order.payments.count() == 2


def test_decline_shows_a_safe_message_leaves_order_unpaid_and_takes_no_stock(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_DECLINE))

    order.refresh_from_db()
    shop.refresh_from_db()
    assert outcome.status == PaymentState.FAILED
    assert "declined" in outcome.message and "not charged" in outcome.message
    assert order.status == OrderStatus.PLACED
    assert shop.stock == 5
    payment = Payment.objects.get(order=order)
    assert payment.last_error_code == "card_declined"
    assert payment.stripe_payment_intent_id  # stored before confirming, so the decline is traceable


def test_3ds_then_decline(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS_DECLINE))
    assert outcome.status == PaymentState.REQUIRES_ACTION
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    payment = payment_settle(payment=outcome.payment, via="card")
    order.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert order.status != OrderStatus.PAID


def test_sold_out_between_placement_and_retry_is_rechecked_at_the_final_post(shop, localstripe):
    shop.stock = 1
    shop.save()
    order = place(shop)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_DECLINE))
    shop.refresh_from_db()
    assert shop.stock == 1  # released after the decline
    other = place(shop)  # someone else takes the last one
    assert other.stock_reserved

    from core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="sold out"):
        payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    order.refresh_from_db()
    assert order.status != OrderStatus.PAID
    assert not Payment.objects.filter(order=order, state=PaymentState.SUCCEEDED).exists()


def test_every_stripe_post_carries_an_idempotency_key_tied_to_the_attempt(shop, localstripe, monkeypatch):
    """Spies on the SDK's request layer: localstripe ignores idempotency keys, so we check what we send."""
    # Imported by path: `stripe._api_requestor` is loaded lazily, so attribute access fails in a fresh process.
    from stripe._api_requestor import _APIRequestor

    sent = []
    original = _APIRequestor.request

    def spy(self, method, url, params=None, options=None, **kwargs):
        sent.append((method, url, (options or {}).get("idempotency_key")))
        return original(self, method, url, params=params, options=options, **kwargs)

    monkeypatch.setattr(_APIRequestor, "request", spy)
    order = place(shop)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    payment = Payment.objects.get(order=order)
    posts = [entry for entry in sent if entry[0] == "post"]
    assert len(posts) == 3  # create, update (payment method), confirm
    assert all(key and str(payment.idempotency_key) in key for _m, _u, key in posts)
    assert len({key for _m, _u, key in posts}) == 3


def test_every_stripe_post_of_an_attempt_carries_a_key_stable_for_that_attempt(shop, localstripe, monkeypatch):
    """Stripe replays a POST with a known idempotency key instead of charging again: the keys of one attempt are
    derived from its own stored UUID (the same on every try of that step), and a new attempt gets new keys."""
    from payments import gateway

    keys: list[tuple[str, str]] = []
    for name in ("intent_create", "intent_confirm", "intent_cancel"):
        real = getattr(gateway, name)

        def spy(_real=real, _name=name, **kwargs):
            keys.append((_name, kwargs["idempotency_key"]))
            return _real(**kwargs)

        monkeypatch.setattr(gateway, name, spy)
    order = place(shop)
    first = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS)).payment
    second = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK)).payment

    first.refresh_from_db()
    assert keys == [
        ("intent_create", f"pay-{first.idempotency_key}-create"),
        ("intent_confirm", f"pay-{first.idempotency_key}-confirm"),
        ("intent_cancel", f"pay-{first.idempotency_key}-cancel"),  # the 3-D Secure attempt, superseded
        ("intent_create", f"pay-{second.idempotency_key}-create"),
        ("intent_confirm", f"pay-{second.idempotency_key}-confirm"),
    ]
    assert first.state == PaymentState.CANCELED and second.state == PaymentState.SUCCEEDED
    assert Payment.objects.get(pk=first.pk).idempotency_key == first.idempotency_key  # stored, not regenerated
