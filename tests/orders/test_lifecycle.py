"""Each lifecycle is a table of named events (issue 15): every (state, event) pair is walked through the one
function that applies it. An allowed pair moves the row and records the event; any other raises and changes
nothing. The allowed pairs are written out here, so a change to a table fails until this file agrees."""

from __future__ import annotations

import pytest

from core.lifecycle import IllegalEvent
from orders.factories import OrderFactory
from orders.lifecycle import ORDER_LIFECYCLE
from orders.models import Order
from orders.services import order_event
from orders.states import FulfilmentStatus, OrderStatus
from payments.lifecycle import PAYMENT_LIFECYCLE, REFUND_LIFECYCLE
from payments.models import Payment, PaymentState, Refund, RefundState
from payments.services import payment_event, refund_event

S = OrderStatus
ORDER_ALLOWED = {
    ("await_payment", S.PLACED): S.AWAITING_PAYMENT,
    ("hold_for_review", S.PLACED): S.HELD_FOR_REVIEW,
    ("hold_for_review", S.AWAITING_PAYMENT): S.HELD_FOR_REVIEW,
    ("confirm_after_review", S.HELD_FOR_REVIEW): S.AWAITING_PAYMENT,
    ("pay", S.PLACED): S.PAID,
    ("pay", S.AWAITING_PAYMENT): S.PAID,
    ("pay", S.HELD_FOR_REVIEW): S.PAID,
    ("ship", S.PAID): S.SHIPPED,
    ("ship_cash_on_delivery", S.AWAITING_PAYMENT): S.SHIPPED,
    ("deliver", S.SHIPPED): S.DELIVERED,
    ("cancel", S.PLACED): S.CANCELLED,
    ("cancel", S.AWAITING_PAYMENT): S.CANCELLED,
    ("cancel", S.HELD_FOR_REVIEW): S.CANCELLED,
    ("refuse_at_door", S.SHIPPED): S.CANCELLED,
}
P = PaymentState
OPEN = (P.CREATED, P.REQUIRES_ACTION, P.PROCESSING)
PAYMENT_ALLOWED = {
    ("require_action", P.CREATED): P.REQUIRES_ACTION,
    ("process", P.CREATED): P.PROCESSING,
    ("process", P.REQUIRES_ACTION): P.PROCESSING,
    **{("hold", state): P.REQUIRES_CAPTURE for state in OPEN},
    **{("succeed", state): P.SUCCEEDED for state in (*OPEN, P.REQUIRES_CAPTURE)},
    ("receive", P.PENDING): P.SUCCEEDED,
    ("late_succeed", P.FAILED): P.SUCCEEDED,
    ("late_succeed", P.CANCELED): P.SUCCEEDED,
    **{("fail", state): P.FAILED for state in OPEN},
    ("expire", P.REQUIRES_ACTION): P.FAILED,
    **{("cancel", state): P.CANCELED for state in (*OPEN, P.PENDING)},
    ("void", P.REQUIRES_CAPTURE): P.CANCELED,
}
R = RefundState
REFUND_ALLOWED = {
    ("submit", R.CREATED): R.PENDING,
    ("succeed", R.CREATED): R.SUCCEEDED,
    ("succeed", R.PENDING): R.SUCCEEDED,
    ("fail", R.CREATED): R.FAILED,
    ("fail", R.PENDING): R.FAILED,
}


def pairs(lifecycle):
    return [(event, state) for event in lifecycle.events for state in lifecycle.states]


def test_the_tables_are_the_ones_written_here():
    for lifecycle, allowed in (
        (ORDER_LIFECYCLE, ORDER_ALLOWED),
        (PAYMENT_LIFECYCLE, PAYMENT_ALLOWED),
        (REFUND_LIFECYCLE, REFUND_ALLOWED),
    ):
        table = {(e, s): lifecycle.events[e].target for e, s in pairs(lifecycle) if lifecycle.allows(s, e)}
        assert table == allowed, lifecycle.name


@pytest.mark.django_db
@pytest.mark.parametrize(("event", "state"), pairs(ORDER_LIFECYCLE))
def test_every_order_event_from_every_status(event, state):
    order = OrderFactory(status=state)
    if (event, state) in ORDER_ALLOWED:
        order_event(order=order, event=event, cause="delivered", actor=None)
        order.refresh_from_db()
        assert order.status == ORDER_ALLOWED[event, state]
        change = order.status_changes.get()
        assert (change.event, change.from_status, change.to_status) == (event, state, order.status)
        assert change.cause_code == "delivered" and change.created_at is not None
        if event.startswith("ship"):
            assert order.fulfilment_status == FulfilmentStatus.SHIPPED and order.shipped_at is not None
        if event == "deliver":
            assert order.fulfilment_status == FulfilmentStatus.DELIVERED and order.delivered_at is not None
    else:
        with pytest.raises(IllegalEvent):
            order_event(order=order, event=event, cause="delivered", actor=None)
        assert Order.objects.get(pk=order.pk).status == state
        assert not order.status_changes.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("event", "state"), pairs(PAYMENT_LIFECYCLE))
def test_every_payment_event_from_every_state(event, state):
    payment = Payment.objects.create(order=OrderFactory(), method="card", state=state, amount=1000, currency="EUR")
    if (event, state) in PAYMENT_ALLOWED:
        payment_event(payment=payment, event=event, cause="test", params={"via": "card"})
        payment.refresh_from_db()
        assert payment.state == PAYMENT_ALLOWED[event, state]
        recorded = payment.events.get()
        assert (recorded.event, recorded.from_state, recorded.to_state) == (event, state, payment.state)
        assert recorded.cause_params == {"via": "card"}
    else:
        with pytest.raises(IllegalEvent):
            payment_event(payment=payment, event=event, cause="test")
        assert Payment.objects.get(pk=payment.pk).state == state
        assert not payment.events.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("event", "state"), pairs(REFUND_LIFECYCLE))
def test_every_refund_event_from_every_state(event, state):
    order = OrderFactory()
    refund = Refund.objects.create(order=order, amount=100, currency="EUR", reason="test", state=state)
    if (event, state) in REFUND_ALLOWED:
        refund_event(refund=refund, event=event)
        refund.refresh_from_db()
        assert refund.state == REFUND_ALLOWED[event, state]
        assert refund.events.get().event == event
    else:
        with pytest.raises(IllegalEvent):
            refund_event(refund=refund, event=event)
        assert Refund.objects.get(pk=refund.pk).state == state
