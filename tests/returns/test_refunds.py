"""Receiving the items refunds them through the payments app's ``order_refund``: amounts, cap, stock, emails."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import ApplicationError
from core.money import Money
from orders.models import PaymentMethod
from orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from payments.models import Refund
from payments.services import order_paid_total, order_refund, order_refundable, refund_open
from returns.models import ReturnRequest
from returns.services import request_approve, request_create, request_mark_received, request_reject
from returns.states import RequestStatus
from shop.models import Product
from tests.returns.conftest import GOOD_IBAN, make_order, qty

pytestmark = pytest.mark.django_db


def through(order, kind="withdrawal", counts=(1,), **kwargs) -> ReturnRequest:
    extra = {"iban": GOOD_IBAN, "account_holder": "Bea Buyer"} if order.payment_method != "card" else {}
    extra.update(kwargs)
    rr = request_create(order=order, kind=kind, quantities=qty(order, *counts), **extra)
    request_approve(request=rr, instructions="Drop it at PostNL.", actor=None)
    return request_mark_received(request=rr, actor=None)


def test_partial_return_refunds_the_items_only_and_restocks_them():
    order = make_order(lines=[(2500, 2), (1000, 1)], delivery=495)
    line = order.lines.order_by("id").first()
    stock_before = Product.objects.get(pk=line.product_id).stock
    rr = through(order, kind="return", counts=(1,))
    assert rr.status == RequestStatus.REFUNDED
    assert rr.refunded == Money(2500, "EUR")
    refund = Refund.objects.get(order=order)
    assert refund.amount == 2500 and rr.refund == refund
    assert refund.code == "return_received" and refund.reason == ""  # a code, shown in the reader's language
    assert Product.objects.get(pk=line.product_id).stock == stock_before + 1
    order.refresh_from_db()
    # The refund changes the payment status, not the order's: a delivered order stays delivered.
    assert (order.status, order.payment_status) == (OrderStatus.DELIVERED, PaymentStatus.PARTIALLY_REFUNDED)


def test_a_later_full_refund_with_restock_does_not_put_returned_items_back_twice():
    order = make_order(lines=[(2500, 2), (1000, 1)], delivery=495)
    first, second = order.lines.order_by("id")
    stock_before = {line.pk: Product.objects.get(pk=line.product_id).stock for line in (first, second)}
    through(order, kind="return", counts=(1,))  # one of the two first items comes back

    order_refund(order=order, amount=Money(2500 + 1000 + 495, "EUR"), reason="Goodwill", restock=True, actor=None)

    # Every item is back exactly once: 2 of the first product, 1 of the second.
    assert Product.objects.get(pk=first.product_id).stock == stock_before[first.pk] + 2
    assert Product.objects.get(pk=second.product_id).stock == stock_before[second.pk] + 1


def test_withdrawal_of_all_items_refunds_delivery_too():
    order = make_order(lines=[(2500, 2), (1000, 1)], delivery=495)
    rr = through(order, counts=(2, 1))
    assert rr.refunded == Money(2500 * 2 + 1000 + 495, "EUR")
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED


def test_withdrawal_completed_in_two_requests_refunds_delivery_with_the_last():
    order = make_order(lines=[(2500, 1), (1000, 1)], delivery=495)
    first = through(order, counts=(1, 0))
    second = through(order, counts=(0, 1))
    assert first.refunded == Money(2500, "EUR")
    assert second.refunded == Money(1000 + 495, "EUR")


def test_return_of_all_items_under_the_policy_does_not_refund_delivery():
    order = make_order(lines=[(2500, 1)], delivery=495)
    assert through(order, kind="return", counts=(1,)).refunded == Money(2500, "EUR")


def test_complaint_refund_does_not_restock_faulty_items():
    order = make_order(lines=[(2500, 1)])
    line = order.lines.get()
    before = Product.objects.get(pk=line.product_id).stock
    rr = through(order, kind="complaint", counts=(1,), reason="Arrived with a cracked screen.")
    assert rr.refunded == Money(2500, "EUR")
    assert Product.objects.get(pk=line.product_id).stock == before


def test_refund_is_capped_at_what_is_still_refundable():
    order = make_order(lines=[(2500, 1), (1000, 1)], delivery=0)
    order_refund(order=order, amount=Money(3000, "EUR"), reason="goodwill", restock=False, actor=None)
    rr = through(order, kind="return", counts=(1, 0))
    assert rr.refunded == Money(500, "EUR")  # 3500 paid - 3000 already refunded
    assert "capped" in rr.status_changes.last().note
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED


def test_refund_within_14_days_of_receipt_deadline():
    order = make_order()
    rr = through(order)
    assert rr.refund_by - rr.received_at == datetime.timedelta(days=14)
    assert rr.refunded_at <= rr.refund_by


def test_emails_at_every_step_in_the_order_language(django_capture_on_commit_callbacks):
    order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        rr = request_create(
            order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="Bea"
        )
        request_approve(request=rr, instructions="Use the label; drop at PostNL.", actor=None)
        request_mark_received(request=rr, actor=None)
    subjects = [m.subject for m in mail.outbox if rr.number in m.subject]
    assert subjects == [
        f"We received your request {rr.number}",
        f"Request {rr.number} approved: how to send the items back",
        f"Request {rr.number}: items received",
        f"Request {rr.number}: refunded",
    ]
    approved = next(m for m in mail.outbox if "approved" in m.subject)
    assert "Use the label; drop at PostNL." in approved.body
    assert f"/returns/{rr.number}/label/?key=" in approved.body
    assert all(m.to == [order.email] for m in mail.outbox)
    refunded = next(m for m in mail.outbox if m.subject.endswith("refunded"))
    assert "€25.00" in refunded.body and "EUR 25.00" not in refunded.body


def test_rejection_email_has_reason_and_next_steps(django_capture_on_commit_callbacks):
    order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        rr = request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
        request_reject(
            request=rr, code="other", note="The seal was broken.", next_steps="Reply to this email.", actor=None
        )
    body = mail.outbox[-1].body
    assert "The seal was broken." in body and "Reply to this email." in body


def test_timeline_records_each_step_with_actor(django_user_model):
    staff = django_user_model.objects.create_user("staff", "staff@example.com", "pw-long-enough-1", is_staff=True)
    order = make_order()
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    request_approve(request=rr, instructions="Send", actor=staff)
    request_mark_received(request=rr, actor=staff)
    steps = list(rr.status_changes.values_list("to_status", "actor__username"))
    assert steps == [("requested", None), ("approved", "staff"), ("received", "staff"), ("refunded", "staff")]


def test_overdue_flag():
    order = make_order()
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    assert not rr.is_overdue
    ReturnRequest.objects.filter(pk=rr.pk).update(respond_by=timezone.now() - datetime.timedelta(hours=1))
    rr.refresh_from_db()
    assert rr.is_overdue
    request_approve(request=rr, instructions="Send", actor=None)
    rr.refresh_from_db()
    assert not rr.is_overdue  # the shopper's turn now


@pytest.mark.localstripe
def test_card_payment_is_refunded_through_stripe(localstripe, settings):
    """A real localstripe: the card order is paid through the real checkout service, refunded through Stripe."""
    from checkout.services import payment_card_start
    from demo.seeding.payments import seed_payment_config
    from orders.services import order_ship
    from payments.services import order_mark_delivered
    from shop.factories import ProductFactory
    from tests.payments.conftest import CARD_OK, card_token, place

    seed_payment_config()
    product = ProductFactory(price_amount=2500, stock=5)
    order = place(product, quantity=2)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    assert outcome.status == "succeeded"
    order.refresh_from_db()
    order_ship(order=order, tracking_number="T1", actor=None)
    order_mark_delivered(order=order, actor=None)
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1))
    request_approve(request=rr, instructions="Send", actor=None)
    rr = request_mark_received(request=rr, actor=None)
    assert rr.status == RequestStatus.REFUNDED
    assert rr.refund.stripe_refund_id.startswith("re_")
    assert rr.refund.amount == 2500
    assert rr.iban == "" and order.payment_method == PaymentMethod.CARD


def test_gateway_failure_leaves_the_request_received_and_a_retry_refunds_once(monkeypatch):
    """A monkeypatched gateway: localstripe cannot be made to fail one refund call on demand."""
    from types import SimpleNamespace

    from payments import gateway
    from returns.services import request_refund

    order = make_order(method=PaymentMethod.CARD, lines=[(2500, 1), (1000, 1)])
    order.payments.update(stripe_payment_intent_id="pi_returns_test")
    line = order.lines.order_by("id").first()
    stock = Product.objects.get(pk=line.product_id).stock
    rr = request_create(order=order, kind="return", quantities=qty(order, 1))
    request_approve(request=rr, instructions="Send", actor=None)

    def down(**kwargs):
        raise gateway.GatewayUnavailable("stripe down")

    monkeypatch.setattr(gateway, "refund_create", down)
    with pytest.raises(Exception) as info:
        request_mark_received(request=rr, actor=None)
    assert "Nothing was refunded" in str(info.value.message)
    rr.refresh_from_db()
    assert rr.status == RequestStatus.RECEIVED
    # The failed call is not rolled back: the order shows a failed refund, which counts for nothing.
    failed = Refund.objects.get(order=order)
    assert failed.state == "failed" and "stripe down" in failed.last_error and rr.refund == failed
    assert order_refundable(order=order) == order_paid_total(order=order) > Money(0, "EUR")
    assert Product.objects.get(pk=line.product_id).stock == stock

    refunded = SimpleNamespace(id="re_returns_test", status="succeeded")
    monkeypatch.setattr(gateway, "refund_create", lambda **kwargs: refunded)
    rr = request_refund(request=rr, actor=None)
    assert rr.status == RequestStatus.REFUNDED and rr.refund.stripe_refund_id == "re_returns_test"
    assert list(Refund.objects.filter(order=order).order_by("pk").values_list("state", flat=True)) == [
        "failed",
        "succeeded",
    ]
    assert Product.objects.get(pk=line.product_id).stock == stock + 1


def test_a_refund_being_sent_is_not_sent_again_and_an_accepted_one_is_finished(monkeypatch):
    """A second click while the gateway is asked is refused; after a crash past the gateway, a retry finishes."""
    from types import SimpleNamespace

    from payments import gateway
    from returns.services import request_refund

    order = make_order(method=PaymentMethod.CARD, lines=[(2500, 1)])
    order.payments.update(stripe_payment_intent_id="pi_returns_claim")
    rr = request_create(order=order, kind="return", quantities=qty(order, 1))
    request_approve(request=rr, instructions="Send", actor=None)
    monkeypatch.setattr(gateway, "refund_create", lambda **kwargs: SimpleNamespace(id="re_x", status="succeeded"))
    rr.status = RequestStatus.RECEIVED
    rr.refund = refund_open(order=order, amount=Money(2500, "EUR"), reason="claimed", restock=False, actor=None)
    rr.save()
    with pytest.raises(ApplicationError, match="already being sent"):
        request_refund(request=rr, actor=None)
    assert Refund.objects.filter(order=order).count() == 1

    Refund.objects.filter(pk=rr.refund.pk).update(state="succeeded", stripe_refund_id="re_x")
    monkeypatch.setattr(gateway, "refund_create", lambda **kwargs: pytest.fail("sent twice"))
    rr = request_refund(request=rr, actor=None)
    assert rr.status == RequestStatus.REFUNDED and rr.refund_amount == 2500
    assert Refund.objects.filter(order=order).count() == 1


def test_the_parcel_is_returned_once_every_item_is_back_not_before():
    order = make_order(lines=[(2500, 2), (1000, 1)], delivery=495)
    through(order, kind="return", counts=(1, 0))
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.DELIVERED  # one of three items back
    through(order, kind="return", counts=(1, 1))
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.RETURNED
    assert order.status == OrderStatus.DELIVERED  # the order's status is not the parcel's
