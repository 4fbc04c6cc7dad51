"""Settlement: a PaymentIntent re-read from Stripe moves the attempt and the order, under row locks, idempotently.

The return page, the webhook and reconciliation all call ``payment_settle``; the one check of a PaymentIntent
against the attempt and the order (id, amount, currency, order id) is ``intent_problems``.
"""

from __future__ import annotations

import logging

from django.db import transaction

from core.errors import ApplicationError
from core.lifecycle import IllegalEvent
from orders.lifecycle import ORDER_LIFECYCLE
from orders.models import Order, PaymentMethod
from orders.services import order_event, order_flag, stock_release, stock_reserve
from orders.states import UNPAID_OPEN_STATUSES
from payments import gateway
from payments.lifecycle import PAYMENT_LIFECYCLE
from payments.models import PAYMENT_FINAL_STATES, Payment, PaymentState
from payments.services.events import payment_event
from payments.signals import payment_risk_reported

logger = logging.getLogger(__name__)

# What each PaymentIntent status is, as an event of the attempt's lifecycle (``canceled`` of a held one: "void").
INTENT_EVENTS = {
    "succeeded": "succeed",
    "requires_action": "require_action",
    "processing": "process",
    "requires_capture": "hold",
    "requires_payment_method": "fail",
    "canceled": "cancel",
}


def intent_problems(*, payment: Payment, order: Order, intent: gateway.IntentResult) -> list[str]:
    """What in ``intent`` does not match the attempt and the order: empty when the money may count for it."""
    problems = []
    if intent.id != payment.stripe_payment_intent_id:
        problems.append("intent id")
    if intent.amount != payment.amount or payment.amount != order.total_amount:
        problems.append(f"amount {intent.amount} vs order total {order.total_amount}")
    if intent.currency.upper() != order.currency:
        problems.append(f"currency {intent.currency} vs {order.currency}")
    if intent.metadata.get("order_id") != str(order.pk):
        problems.append(f"metadata.order_id {intent.metadata.get('order_id')!r} vs {order.pk}")
    return problems


def payment_settle(*, payment: Payment, via: str) -> Payment:
    """Re-read the payment's PaymentIntent from Stripe and apply it. Idempotent; safe to call from anywhere.
    ``via``: where the news came from (``orders.causes.VIA``), shown on the order's timeline."""
    if not payment.stripe_payment_intent_id:
        return payment
    intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
    return payment_apply_intent(payment=payment, intent=intent, via=via)


def _order_paid(order: Order, via: str) -> None:
    if not order.stock_reserved:
        try:
            stock_reserve(order=order)
        except ApplicationError:
            order_flag(order, "Paid, but the stock was no longer available: contact the shopper.")
    order_event(order=order, event="pay", cause="payment_received", params={"via": via})


def _late_success(order: Order, payment: Payment, intent: gateway.IntentResult, via: str) -> None:
    """Stripe took the money for an attempt given up here: the order is paid with it if it still waits and all
    matches; else the merchant is told to refund it."""
    if (
        order.status in UNPAID_OPEN_STATUSES
        and not order.payments.filter(state=PaymentState.SUCCEEDED).exists()
        and not intent_problems(payment=payment, order=order, intent=intent)
    ):
        payment_event(payment=payment, event="late_succeed", cause="payment_received", params={"via": via})
        _order_paid(order, via)
    else:
        order_flag(
            order, f"PaymentIntent {intent.id} succeeded at Stripe but attempt {payment.pk} was {payment.state}."
        )


@transaction.atomic
def payment_apply_intent(
    *,
    payment: Payment,
    intent: gateway.IntentResult | None,
    via: str,
    declined: gateway.PaymentDeclined | None = None,
) -> Payment:
    """Move payment and order to match ``intent`` (already re-read from Stripe), under row locks.

    Final payment states never change again, so a stale ``payment_failed`` after ``succeeded`` is a no-op.
    """
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.state in PAYMENT_FINAL_STATES:
        if intent is not None and intent.status == "succeeded" and payment.state != PaymentState.SUCCEEDED:
            _late_success(order, payment, intent, via)
        return payment
    now_status = intent.status if intent is not None else "requires_payment_method"
    if intent is not None:
        problems = intent_problems(payment=payment, order=order, intent=intent)
        if problems and now_status in ("succeeded", "requires_capture", "processing"):
            order_flag(order, f"PaymentIntent {intent.id} does not match the order: " + ", ".join(problems))
            payment.last_error_code = "mismatch"
            payment.save(update_fields=["last_error_code", "updated_at"])
            return payment
    unconfirmed = intent is not None and not intent.last_error_code and not declined
    if now_status == "requires_payment_method" and payment.state == PaymentState.CREATED and unconfirmed:
        return payment  # not confirmed yet: nothing happened
    event = INTENT_EVENTS.get(now_status)
    if event == "cancel" and payment.state == PaymentState.REQUIRES_CAPTURE:
        event = "void"
    if event is None or PAYMENT_LIFECYCLE.events[event].target == payment.state:
        return payment  # nothing new (a status we do not act on, or the one we have)
    if intent is not None and intent.risk_level and now_status in ("succeeded", "requires_capture"):
        payment_risk_reported.send(sender=Payment, payment=payment, risk_level=intent.risk_level)
    fields = {"last_error_code": "", "last_error_message": ""}
    if now_status == "succeeded":
        fields["authenticated_3ds"] = payment.challenge_requested
    elif now_status == "requires_action":
        fields["challenge_requested"] = True
    elif now_status == "requires_payment_method":
        code = (declined.code if declined else "") or (intent.last_error_code if intent else "") or "card_declined"
        fields = {
            "last_error_code": code[:80],
            "last_error_message": (intent.last_error_message if intent else "")[:300],
        }
    was_processing = payment.state == PaymentState.PROCESSING
    try:
        payment_event(payment=payment, event=event, cause=f"intent_{now_status}", params={"via": via}, fields=fields)
    except IllegalEvent:
        order_flag(
            order,
            f"PaymentIntent {payment.stripe_payment_intent_id} is {now_status}; attempt {payment.pk} {payment.state}.",
        )
        return payment
    _order_follows(order, payment, event, via, was_processing=was_processing)
    return payment


def _order_follows(order: Order, payment: Payment, event: str, via: str, *, was_processing: bool) -> None:
    """The order's side of an attempt's new state, where the order's lifecycle allows it."""
    if event == "succeed":
        if order.status in UNPAID_OPEN_STATUSES:
            _order_paid(order, via)
        else:
            order_flag(order, f"Payment {payment.pk} succeeded while the order was {order.status}: refund it.")
    elif event == "require_action" and ORDER_LIFECYCLE.allows(order.status, "await_payment"):
        order_event(order=order, event="await_payment", cause="awaiting_bank_confirmation")
    elif event == "process" and ORDER_LIFECYCLE.allows(order.status, "await_payment"):
        order_event(order=order, event="await_payment", cause="payment_processing", params={"via": via})
    elif event == "hold" and ORDER_LIFECYCLE.allows(order.status, "hold_for_review"):
        order_event(order=order, event="hold_for_review", cause="payment_held")
    elif event == "fail":
        stock_release(order=order)
        # A direct debit that bounces is final: the order is cancelled.
        direct_debit = was_processing or payment.method == PaymentMethod.SEPA_DEBIT
        if direct_debit and ORDER_LIFECYCLE.allows(order.status, "cancel"):
            order_event(order=order, event="cancel", cause="direct_debit_failed")
    elif event in ("cancel", "void"):
        latest = order.payments.order_by("-created_at", "-id").first()
        if latest is not None and latest.pk == payment.pk and ORDER_LIFECYCLE.allows(order.status, "cancel"):
            stock_release(order=order)
            order_event(order=order, event="cancel", cause="payment_cancelled")
