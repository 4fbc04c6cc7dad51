"""Reads of payment attempts and refunds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.money import Money
from orders.causes import cause_text
from orders.models import STRIPE_METHODS, Order, OrderLine, PaymentMethod
from orders.states import PaymentStatus
from payments import gateway
from payments.models import REFUND_COUNTED_STATES, Payment, PaymentState, RefundLine, RefundState


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


# --- Refunds by line -----------------------------------------------------------------------------------------

CARD_BRANDS = {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express", "maestro": "Maestro"}


@dataclass(frozen=True)
class RefundableLine:
    line: OrderLine
    refundable_quantity: int  # ordered minus already refunded (failed refunds do not count)

    @property
    def unit_price(self) -> Money:
        return self.line.unit_price


def order_refundable_lines(*, order: Order) -> tuple[list[RefundableLine], bool]:
    """Each line with how many of it may still be refunded, and whether the delivery cost may still be."""
    refunded: dict[int | None, int] = {}
    rows = RefundLine.objects.filter(refund__order=order, refund__state__in=REFUND_COUNTED_STATES).values_list(
        "order_line_id", "quantity"
    )
    for line_id, quantity in rows:
        refunded[line_id] = refunded.get(line_id, 0) + quantity
    lines = [
        RefundableLine(line=line, refundable_quantity=max(line.quantity - refunded.get(line.pk, 0), 0))
        for line in order.lines.all()
    ]
    delivery_open = bool(order.delivery_amount) and not refunded.get(None)
    return lines, delivery_open


def refund_destination(*, order: Order) -> str:
    """Where a refund of this order goes, in the reader's language: "Visa ending 4242", "the bank account the
    shopper paid from (SEPA Direct Debit)", or for offline payments the merchant's own transfer."""
    payment = order.payments.filter(state=PaymentState.SUCCEEDED).order_by("-created_at").first()
    if payment is None:
        return _("nowhere: nothing was paid")
    if payment.method in STRIPE_METHODS and payment.stripe_payment_intent_id:
        try:
            paid_with = gateway.intent_paid_with(intent_id=payment.stripe_payment_intent_id)
        except gateway.GatewayError:
            paid_with = gateway.PaidWith()
        if payment.method == PaymentMethod.CARD:
            if paid_with.last4:
                brand = CARD_BRANDS.get(paid_with.brand.lower(), paid_with.brand.title() or _("card"))
                return _("%(brand)s ending %(last4)s") % {"brand": brand, "last4": paid_with.last4}
            return _("the card the shopper paid with")
        if paid_with.last4:
            return _("the bank account ending %(last4)s (SEPA Direct Debit)") % {"last4": paid_with.last4}
        return _("the bank account the shopper paid from (%(method)s)") % {"method": payment.get_method_display()}
    return _("the shopper, paid out by you (%(method)s)") % {"method": payment.get_method_display()}
