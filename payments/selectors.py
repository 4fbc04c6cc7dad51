"""Reads of payment attempts."""

from __future__ import annotations

from orders.models import Order
from payments.models import Payment, PaymentState


def order_latest_payment(*, order: Order) -> Payment | None:
    return order.payments.order_by("-created_at", "-id").first()


def order_open_stripe_payments(*, order: Order):
    return order.payments.filter(
        state__in=[
            PaymentState.CREATED,
            PaymentState.REQUIRES_ACTION,
            PaymentState.PROCESSING,
            PaymentState.REQUIRES_CAPTURE,
        ],
        stripe_payment_intent_id__isnull=False,
    )
