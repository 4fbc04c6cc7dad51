"""Settlement: a PaymentIntent re-read from Stripe moves the attempt and the order, under row locks, idempotently.

The return page, the webhook and reconciliation all call ``payment_settle``.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from orders.models import (
    Order,
    PaymentMethod,
)
from orders.services import (
    order_flag,
    order_transition,
    stock_release,
    stock_reserve,
)
from orders.states import UNPAID_OPEN_STATUSES, OrderStatus
from payments import gateway
from payments.models import PAYMENT_FINAL_STATES, Payment, PaymentState
from payments.signals import payment_risk_reported

logger = logging.getLogger(__name__)

S = OrderStatus


def payment_settle(*, payment: Payment, cause: str) -> Payment:
    """Re-read the payment's PaymentIntent from Stripe and apply it. Idempotent; safe to call from anywhere."""
    if not payment.stripe_payment_intent_id:
        return payment
    intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
    return payment_apply_intent(payment=payment, intent=intent, cause=cause)


@transaction.atomic
def payment_apply_intent(
    *,
    payment: Payment,
    intent: gateway.IntentResult | None,
    cause: str,
    declined: gateway.PaymentDeclined | None = None,
) -> Payment:
    """Move payment and order to match ``intent`` (already re-read from Stripe), under row locks.

    Final payment states never change again, so a stale ``payment_failed`` after ``succeeded`` is a no-op.
    """
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.state in PAYMENT_FINAL_STATES:
        if intent is not None and intent.status == "succeeded" and payment.state != PaymentState.SUCCEEDED:
            if (
                order.status in UNPAID_OPEN_STATUSES
                and not order.payments.filter(state=PaymentState.SUCCEEDED).exists()
                and intent.id == payment.stripe_payment_intent_id
                and intent.amount == payment.amount == order.total_amount
                and intent.currency.upper() == order.currency
                and intent.metadata.get("order_id") == str(order.pk)
            ):
                # Stripe took the money for an attempt we had given up on: the order is paid with it.
                payment.state = PaymentState.SUCCEEDED
                payment.save(update_fields=["state", "updated_at"])
                if not order.stock_reserved:
                    try:
                        stock_reserve(order=order)
                    except ApplicationError:
                        order_flag(order, "Paid, but the stock was no longer available: contact the shopper.")
                order_transition(order=order, to_status=S.PAID, cause=cause + ": " + _("payment received"))
            else:
                order_flag(
                    order,
                    f"PaymentIntent {intent.id} succeeded at Stripe but attempt {payment.pk} was {payment.state}.",
                )
        return payment
    now_status = intent.status if intent is not None else "requires_payment_method"

    if intent is not None:
        problems = []
        if intent.id != payment.stripe_payment_intent_id:
            problems.append("intent id")
        if intent.amount != payment.amount or payment.amount != order.total_amount:
            problems.append(f"amount {intent.amount} vs order total {order.total_amount}")
        if intent.currency.upper() != order.currency:
            problems.append(f"currency {intent.currency} vs {order.currency}")
        if intent.metadata.get("order_id") != str(order.pk):
            problems.append(f"metadata.order_id {intent.metadata.get('order_id')!r} vs {order.pk}")
        if problems and now_status in ("succeeded", "requires_capture", "processing"):
            order_flag(order, f"PaymentIntent {intent.id} does not match the order: " + ", ".join(problems))
            payment.last_error_code = "mismatch"
            payment.save(update_fields=["last_error_code", "updated_at"])
            return payment

    def set_state(state: str, code: str = "", message: str = "") -> None:
        payment.state = state
        payment.last_error_code = code[:80]
        payment.last_error_message = message[:300]
        payment.save()

    if intent is not None and intent.risk_level and now_status in ("succeeded", "requires_capture"):
        payment_risk_reported.send(sender=Payment, payment=payment, risk_level=intent.risk_level)

    if now_status == "succeeded":
        payment.authenticated_3ds = payment.challenge_requested
        set_state(PaymentState.SUCCEEDED)
        if order.status in UNPAID_OPEN_STATUSES:
            if not order.stock_reserved:
                try:
                    stock_reserve(order=order)
                except ApplicationError:
                    order_flag(order, "Paid, but the stock was no longer available: contact the shopper.")
            order_transition(order=order, to_status=S.PAID, cause=cause + ": " + _("payment received"))
        else:
            order_flag(order, f"Payment {payment.pk} succeeded while the order was {order.status}: refund it.")
    elif now_status == "requires_action":
        payment.challenge_requested = True
        set_state(PaymentState.REQUIRES_ACTION)
        if order.status == S.PLACED:
            order_transition(order=order, to_status=S.AWAITING_PAYMENT, cause=_("Waiting for your bank to confirm"))
    elif now_status == "processing":
        set_state(PaymentState.PROCESSING)
        if order.status == S.PLACED:
            order_transition(order=order, to_status=S.AWAITING_PAYMENT, cause=cause + ": " + _("processing"))
    elif now_status == "requires_capture":
        set_state(PaymentState.REQUIRES_CAPTURE)
        if order.status in (S.PLACED, S.AWAITING_PAYMENT):
            order_transition(order=order, to_status=S.HELD_FOR_REVIEW, cause=_("Payment held for a check"))
    elif now_status == "requires_payment_method":
        was_processing = payment.state == PaymentState.PROCESSING
        code = (declined.code if declined else "") or (intent.last_error_code if intent else "") or "card_declined"
        message = intent.last_error_message if intent is not None else ""
        if payment.state == PaymentState.CREATED and not declined and intent is not None and not intent.last_error_code:
            return payment  # not confirmed yet: nothing happened
        set_state(PaymentState.FAILED, code, message)
        stock_release(order=order)
        # A direct debit that bounces is final: the order is cancelled.
        if (was_processing or payment.method == PaymentMethod.SEPA_DEBIT) and order.status in UNPAID_OPEN_STATUSES:
            order_transition(order=order, to_status=S.CANCELLED, cause=_("The direct debit failed"))
    elif now_status == "canceled":
        set_state(PaymentState.CANCELED)
        latest = order.payments.order_by("-created_at", "-id").first()
        if latest is not None and latest.pk == payment.pk and order.status in UNPAID_OPEN_STATUSES:
            stock_release(order=order)
            order_transition(order=order, to_status=S.CANCELLED, cause=_("The payment was cancelled"))
    return payment
