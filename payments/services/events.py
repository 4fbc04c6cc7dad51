"""The one writer of ``Payment.state`` and ``Refund.state``, and of the order's payment status derived from them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum

from orders.models import Order
from orders.states import PaymentStatus
from payments.lifecycle import PAYMENT_LIFECYCLE, REFUND_LIFECYCLE
from payments.models import (
    REFUND_COUNTED_STATES,
    Payment,
    PaymentEvent,
    PaymentState,
    Refund,
    RefundEvent,
)


def order_payment_status_of(*, order: Order) -> str:
    """What happened to the order's money, from its attempts and refunds (refunds not failed count)."""
    paid = order.payments.filter(state=PaymentState.SUCCEEDED).aggregate(s=Sum("amount"))["s"] or 0
    if paid:
        refunded = order.refunds.filter(state__in=REFUND_COUNTED_STATES).aggregate(s=Sum("amount"))["s"] or 0
        if refunded >= paid:
            return PaymentStatus.REFUNDED
        return PaymentStatus.PARTIALLY_REFUNDED if refunded else PaymentStatus.PAID
    if order.payments.filter(state=PaymentState.REQUIRES_CAPTURE).exists():
        return PaymentStatus.AUTHORISED
    if PaymentEvent.objects.filter(payment__order=order, event="void").exists():
        return PaymentStatus.VOIDED
    return PaymentStatus.UNPAID


def order_payment_status_refresh(*, order_id: int) -> str:
    status = order_payment_status_of(order=Order(pk=order_id))
    Order.objects.filter(pk=order_id).exclude(payment_status=status).update(payment_status=status)
    return status


@transaction.atomic
def payment_event(
    *,
    payment: Payment,
    event: str,
    cause: str = "",
    params: dict | None = None,
    actor: AbstractBaseUser | None = None,
    fields: dict | None = None,
) -> Payment:
    """Apply ``event`` of ``PAYMENT_LIFECYCLE`` to ``payment`` (``IllegalEvent`` if its state does not allow it),
    with ``fields`` saved alongside (error codes...), and record it. The order's payment status follows on save
    (``payments.receivers``).
    The caller holds the payment's row lock (``select_for_update``) when a gateway answer is being applied."""
    from_state = payment.state
    payment.state = PAYMENT_LIFECYCLE.target(from_state, event)
    for name, value in (fields or {}).items():
        setattr(payment, name, value)
    PaymentEvent.objects.create(
        payment=payment,
        event=event,
        from_state=from_state,
        to_state=payment.state,
        cause_code=cause,
        cause_params=params or {},
        actor=actor,
    )
    payment.save(update_fields=["state", "updated_at", *(fields or {})])  # last: the order's status follows it
    return payment


@transaction.atomic
def refund_event(
    *,
    refund: Refund,
    event: str,
    params: dict | None = None,
    actor: AbstractBaseUser | None = None,
    fields: dict | None = None,
) -> Refund:
    """Apply ``event`` of ``REFUND_LIFECYCLE`` to ``refund`` and record it (the payment status follows on save)."""
    from_state = refund.state
    refund.state = REFUND_LIFECYCLE.target(from_state, event)
    for name, value in (fields or {}).items():
        setattr(refund, name, value)
    RefundEvent.objects.create(
        refund=refund,
        event=event,
        from_state=from_state,
        to_state=refund.state,
        cause_params=params or {},
        actor=actor,
    )
    refund.save(update_fields=["state", *(fields or {})])  # last: the order's payment status follows it
    return refund
