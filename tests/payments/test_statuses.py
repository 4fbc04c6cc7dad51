"""The order's payment and fulfilment statuses apart (issue 15), refunds as rows with states, and the boundaries
of shipping and refunding."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.money import Money
from orders.models import Order, PaymentMethod
from orders.services import order_mark_delayed, order_ship
from orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from payments import gateway
from payments.models import Payment, PaymentState, Refund, RefundState
from payments.selectors import order_history
from payments.services import (
    bank_transfer_mark_received,
    order_cancel,
    order_mark_delivered,
    order_refund,
    order_refundable,
    payment_event,
)
from tests.payments.conftest import place

pytestmark = pytest.mark.django_db


def paid_transfer(shop) -> Order:
    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    bank_transfer_mark_received(order=order, actor=None)
    order.refresh_from_db()
    return order


def test_partial_refund_on_a_paid_unshipped_order_can_still_be_delayed_and_shipped(shop):
    order = paid_transfer(shop)
    order_refund(order=order, amount=Money(500, "EUR"), reason="Scratched box", restock=False, actor=None)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)

    today = timezone.localdate()
    order_mark_delayed(
        order=order, new_from=today + datetime.timedelta(days=3), new_to=today + datetime.timedelta(days=5),
        reason="Supplier late", actor=None,
    )  # fmt: skip
    order_ship(order=order, tracking_number="TRACK-1", actor=None)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.fulfilment_status == FulfilmentStatus.SHIPPED
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED  # shipping does not hide the refund
    assert any(entry.text == "Refunded €5.00" for entry in order_history(order=order))


def test_a_fully_refunded_order_is_not_shipped(shop):
    order = paid_transfer(shop)
    order_refund(order=order, amount=order.total, reason="Out of stock", restock=True, actor=None)
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED
    with pytest.raises(ApplicationError, match="Only a paid order"):
        order_ship(order=order, tracking_number="", actor=None)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_an_unpaid_order_is_not_shipped_unless_cash_on_delivery(shop):
    unpaid = place(shop, method=PaymentMethod.BANK_TRANSFER)
    with pytest.raises(ApplicationError, match="Only a paid order"):
        order_ship(order=unpaid, tracking_number="", actor=None)
    assert Order.objects.get(pk=unpaid.pk).status == OrderStatus.AWAITING_PAYMENT

    cod = place(shop, method=PaymentMethod.CASH_ON_DELIVERY)
    order_ship(order=cod, tracking_number="", actor=None)
    order_mark_delivered(order=cod, actor=None)
    cod.refresh_from_db()
    assert (cod.status, cod.payment_status, cod.fulfilment_status) == (
        OrderStatus.DELIVERED, PaymentStatus.PAID, FulfilmentStatus.DELIVERED,
    )  # fmt: skip


def test_shipping_fixes_the_carrier_window_and_delivery_shows_the_date(shop):
    order = paid_transfer(shop)
    order_ship(order=order, tracking_number="", actor=None)
    order.refresh_from_db()
    today = timezone.localdate()
    assert today < order.delivery_estimate_from <= order.delivery_estimate_to  # counted from the shipping day
    assert order.shipped_at is not None and order.delivered_at is None
    order_mark_delivered(order=order, actor=None)
    order.refresh_from_db()
    assert order.delivered_at.date() == timezone.now().date()


def test_refund_exactly_the_rest_is_accepted_and_one_cent_more_refused(shop):
    order = paid_transfer(shop)
    order_refund(order=order, amount=Money(100, "EUR"), reason="Goodwill", restock=False, actor=None)
    rest = order_refundable(order=order)
    assert rest == Money(order.total_amount - 100, "EUR")
    with pytest.raises(ApplicationError, match="At most"):
        order_refund(order=order, amount=rest + Money(1, "EUR"), reason="Too much", restock=False, actor=None)
    order_refund(order=order, amount=rest, reason="The rest", restock=False, actor=None)
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED
    assert order_refundable(order=order) == Money(0, "EUR")


def test_refund_cap_message_shows_money_as_shoppers_read_it(shop):
    order = paid_transfer(shop)
    with pytest.raises(ApplicationError) as refused:
        order_refund(order=order, amount=order.total + Money(1, "EUR"), reason="x", restock=False, actor=None)
    assert "€" in refused.value.message and "EUR" not in refused.value.message


def test_a_failed_gateway_refund_stays_visible_and_does_not_count(shop, monkeypatch):
    order = place(shop, method=PaymentMethod.CARD)
    Payment.objects.create(
        order=order, method="card", state=PaymentState.SUCCEEDED, amount=order.total_amount, currency="EUR",
        stripe_payment_intent_id="pi_statuses_test",
    )  # fmt: skip

    def stripe_down(**kwargs):
        raise gateway.GatewayUnavailable("connection refused")

    monkeypatch.setattr(gateway, "refund_create", stripe_down)
    with pytest.raises(gateway.GatewayUnavailable):
        order_refund(order=order, amount=Money(700, "EUR"), reason="Late", restock=False, actor=None)
    refund = Refund.objects.get(order=order)  # written before Stripe was asked: not rolled back
    assert refund.state == RefundState.FAILED and "connection refused" in refund.last_error
    assert [e.event for e in refund.events.all()] == ["fail"]
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID
    assert order_refundable(order=order) == order.total


def test_payment_status_authorised_then_voided(shop):
    order = place(shop, method=PaymentMethod.CARD)
    payment = Payment.objects.create(
        order=order, method="card", state=PaymentState.CREATED, amount=order.total_amount, currency="EUR"
    )
    payment_event(payment=payment, event="hold")
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.AUTHORISED
    order_cancel(order=order, cause="cancelled_by_shop", actor=None)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.VOIDED)
    assert [e.event for e in Payment.objects.get(pk=payment.pk).events.all()] == ["hold", "void"]
