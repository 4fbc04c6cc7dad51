"""Reads of payment attempts and refunds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from orders.causes import cause_text
from orders.models import Order
from orders.states import PaymentStatus
from payments.models import REFUND_COUNTED_STATES, Payment, PaymentState, RefundState


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


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    label: str
    text: str


def order_history(*, order: Order) -> list[HistoryEntry]:
    """The order's timeline and its refunds (not the failed ones), oldest first, in the reader's language."""
    entries = [
        HistoryEntry(at=change.created_at, label=change.get_to_status_display(), text=change.cause_text)
        for change in order.status_changes.all()
    ]
    for refund in order.refunds.filter(state__in=REFUND_COUNTED_STATES):
        label = PaymentStatus.REFUNDED.label if refund.state == RefundState.SUCCEEDED else refund.get_state_display()
        text = cause_text("refunded", {"amount": refund.amount, "currency": refund.currency})
        entries.append(HistoryEntry(at=refund.created_at, label=str(label), text=text))
    return sorted(entries, key=lambda entry: entry.at)
