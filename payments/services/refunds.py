"""Refunds: never more than was paid, recorded as rows with the gateway's refund id."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.money import Money
from orders.models import (
    STRIPE_METHODS,
    Order,
)
from orders.services import (
    order_transition,
    stock_release,
)
from orders.states import PAID_STATUSES, OrderStatus
from payments import gateway
from payments.models import PaymentState, Refund

S = OrderStatus


def order_paid_total(*, order: Order) -> Money:
    paid = order.payments.filter(state=PaymentState.SUCCEEDED).aggregate(s=Sum("amount"))["s"] or 0
    return Money(paid, order.currency)


def order_refunded_total(*, order: Order) -> Money:
    return Money(order.refunds.aggregate(s=Sum("amount"))["s"] or 0, order.currency)


def order_refund(*, order: Order, amount: Money, reason: str, restock: bool, actor: AbstractBaseUser | None) -> Refund:
    """Refund part or all of what was paid; never more (the app enforces it: localstripe does not)."""
    if amount.currency != order.currency or amount.amount <= 0:
        raise ApplicationError(_("Enter a positive amount in the order's currency."), field="amount")
    if not reason.strip():
        raise ApplicationError(_("Give a reason for the refund."), field="reason")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in PAID_STATUSES or locked.status == S.REFUNDED:
            raise ApplicationError(_("Only a paid order that is not fully refunded can be refunded."))
        paid = order_paid_total(order=locked)
        refundable = paid - order_refunded_total(order=locked)
        if amount > refundable:
            raise ApplicationError(
                _("At most %(amount)s can be refunded.") % {"amount": str(refundable)}, field="amount"
            )
        payment = locked.payments.filter(state=PaymentState.SUCCEEDED).order_by("-created_at").first()
        refund = Refund.objects.create(
            order=locked,
            payment=payment,
            amount=amount.amount,
            currency=amount.currency,
            reason=reason.strip()[:300],
            restock=restock,
            actor=actor,
        )
        if payment is not None and payment.method in STRIPE_METHODS and payment.stripe_payment_intent_id:
            # Inside the lock and the transaction: a gateway failure rolls the Refund row back.
            result = gateway.refund_create(
                intent_id=payment.stripe_payment_intent_id,
                amount=amount,
                idempotency_key=f"refund-{refund.pk}-{payment.idempotency_key}",
            )
            refund.stripe_refund_id = result.id
            refund.save(update_fields=["stripe_refund_id"])
        if restock:
            stock_release(order=locked)
        full = amount == refundable
        text = _("Refunded %(amount)s") % {"amount": str(amount)}
        order_transition(order=locked, to_status=S.REFUNDED if full else S.PARTIALLY_REFUNDED, cause=text, actor=actor)
    return refund
