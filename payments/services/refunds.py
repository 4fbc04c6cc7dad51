"""Refunds: never more than was paid. Each is a row written before the gateway is asked, and the gateway is asked
outside the database transaction (with the payment row locked while the row is written), so a failed call stays
visible as a ``failed`` refund instead of being rolled back."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money
from orders.models import STRIPE_METHODS, Order
from orders.services import stock_release
from orders.states import PAID_PAYMENT_STATUSES, PaymentStatus
from orders.tasks import send_order_status_email
from payments import gateway
from payments.models import REFUND_COUNTED_STATES, PaymentState, Refund
from payments.services.events import refund_event

logger = logging.getLogger(__name__)


def order_paid_total(*, order: Order) -> Money:
    paid = order.payments.filter(state=PaymentState.SUCCEEDED).aggregate(s=Sum("amount"))["s"] or 0
    return Money(paid, order.currency)


def order_refunded_total(*, order: Order) -> Money:
    """Refunded or on its way back: every refund but the failed ones."""
    refunded = order.refunds.filter(state__in=REFUND_COUNTED_STATES).aggregate(s=Sum("amount"))["s"] or 0
    return Money(refunded, order.currency)


def order_refundable(*, order: Order) -> Money:
    """What may still be refunded: paid minus refunded (the one rule, for the admin, returns and the cap)."""
    return order_paid_total(order=order) - order_refunded_total(order=order)


def order_refund(*, order: Order, amount: Money, reason: str, restock: bool, actor: AbstractBaseUser | None) -> Refund:
    """Refund part or all of what was paid; never more (the app enforces it: localstripe does not)."""
    return refund_send(refund=refund_open(order=order, amount=amount, reason=reason, restock=restock, actor=actor))


def refund_open(*, order: Order, amount: Money, reason: str, restock: bool, actor: AbstractBaseUser | None) -> Refund:
    """Check the cap and write the refund row (``created``) under the order's and the payment's row locks.

    It may run inside a caller's transaction (returns claims the refund for its request in the same one); the
    gateway is asked afterwards by ``refund_send``, outside any transaction.
    """
    if amount.currency != order.currency or amount.amount <= 0:
        raise ApplicationError(_("Enter a positive amount in the order's currency."), field="amount")
    if not reason.strip():
        raise ApplicationError(_("Give a reason for the refund."), field="reason")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.payment_status not in PAID_PAYMENT_STATUSES:
            raise ApplicationError(_("Only a paid order that is not fully refunded can be refunded."))
        payment = (
            locked.payments.select_for_update().filter(state=PaymentState.SUCCEEDED).order_by("-created_at").first()
        )
        refundable = order_refundable(order=locked)
        if amount > refundable:
            raise ApplicationError(
                _("At most %(amount)s can be refunded.") % {"amount": format_money(refundable)}, field="amount"
            )
        return Refund.objects.create(
            order=locked,
            payment=payment,
            amount=amount.amount,
            currency=amount.currency,
            reason=reason.strip()[:300],
            restock=restock,
            actor=actor,
        )


def refund_send(*, refund: Refund) -> Refund:
    """Ask the gateway for a ``created`` refund, outside any transaction, so a failure stays visible as ``failed``.

    Offline payments are refunded by the merchant: the row is recorded as succeeded. Then the stock goes back
    (when asked) and the shopper is emailed. A gateway error is raised after the row is marked failed.
    """
    payment, actor = refund.payment, refund.actor
    if payment is not None and payment.method in STRIPE_METHODS and payment.stripe_payment_intent_id:
        try:
            result = gateway.refund_create(
                intent_id=payment.stripe_payment_intent_id,
                amount=refund.money,
                idempotency_key=f"refund-{refund.pk}-{payment.idempotency_key}",
            )
        except gateway.GatewayError as exc:
            refund_event(refund=refund, event="fail", actor=actor, fields={"last_error": str(exc)[:300]})
            raise
        event = "succeed" if result.status == "succeeded" else "submit"
        refund = refund_event(refund=refund, event=event, actor=actor, fields={"stripe_refund_id": result.id})
    else:
        refund = refund_event(refund=refund, event="succeed", actor=actor)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        if refund.restock:
            stock_release(order=order)
        email = (
            PaymentStatus.REFUNDED
            if order.payment_status == PaymentStatus.REFUNDED
            else PaymentStatus.PARTIALLY_REFUNDED
        )
        params = {"amount": refund.amount, "currency": refund.currency}
        transaction.on_commit(lambda: _queue_refund_email(order_id=order.pk, status=email, params=params))
    return refund


def _queue_refund_email(*, order_id: int, status: str, params: dict) -> None:
    try:
        send_order_status_email.enqueue(order_id, status, "refunded", params)
    except Exception:  # noqa: BLE001 - the refund is recorded; the email is side work
        logger.exception("Could not queue the refund email for order %s", order_id)
