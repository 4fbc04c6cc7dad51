"""Where an order's life touches its money: bank transfer received, cash collected on delivery, cancelling with
its open PaymentIntents, expiring unpaid orders, reconciliation."""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from orders.models import (
    BANK_FLOW_METHODS,
    OFFLINE_METHODS,
    Order,
    PaymentMethod,
)
from orders.services import (
    order_cancel_close,
    order_cancellable,
    order_deliver,
    order_event,
    stock_reserve,
)
from orders.states import UNPAID_OPEN_STATUSES, OrderStatus
from payments import gateway
from payments.models import PAYMENT_OPEN_STRIPE_STATES, Payment, PaymentState
from payments.services.attempts import payment_idempotency_key
from payments.services.bank import payment_bank_expire_overdue
from payments.services.events import payment_event
from payments.services.refunds import order_paid_total
from payments.services.settlement import payment_apply_intent, payment_settle

logger = logging.getLogger(__name__)

S = OrderStatus

# Reconciliation re-reads attempts that ended without success this recently, in case Stripe charged them anyway.
RECONCILE_UNCERTAIN_WINDOW = datetime.timedelta(days=2)


def _pending_offline_payment(order: Order, method: str) -> Payment:
    payment = order.payments.select_for_update().filter(method=method, state=PaymentState.PENDING).first()
    if payment is None:
        raise ApplicationError(_("This order has no payment waiting for the money."))
    return payment


@transaction.atomic
def bank_transfer_mark_received(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.payment_method != PaymentMethod.BANK_TRANSFER or order.status not in UNPAID_OPEN_STATUSES:
        raise ApplicationError(_("Only an unpaid bank-transfer order can be marked as paid."))
    payment = _pending_offline_payment(order, PaymentMethod.BANK_TRANSFER)
    payment_event(payment=payment, event="receive", cause="bank_transfer_received", actor=actor)
    if not order.stock_reserved:
        stock_reserve(order=order)
    return order_event(order=order, event="pay", cause="bank_transfer_received", actor=actor)


@transaction.atomic
def order_mark_delivered(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """Delivered; for cash on delivery the courier collected the money, so its payment succeeds too."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == S.SHIPPED and order.payment_method == PaymentMethod.CASH_ON_DELIVERY:
        payment = order.payments.select_for_update().filter(state=PaymentState.PENDING).first()
        if payment is not None:
            payment_event(payment=payment, event="receive", cause="cash_collected", actor=actor)
    return order_deliver(order=order, actor=actor)


def order_cancel(*, order: Order, cause: str, actor: AbstractBaseUser | None) -> Order:
    """Cancel an unpaid order: cancel open PaymentIntents, release stock. Paid orders are refunded instead."""
    if order_paid_total(order=order).amount > 0:
        raise ApplicationError(_("This order has been paid: refund it instead of cancelling."))
    for payment in order.payments.filter(state__in=PAYMENT_OPEN_STRIPE_STATES):
        if payment.state == PaymentState.PROCESSING:
            raise ApplicationError(_("A direct debit is still processing; wait for it to settle."))
        if payment.stripe_payment_intent_id:
            intent = gateway.intent_cancel(
                intent_id=payment.stripe_payment_intent_id, idempotency_key=payment_idempotency_key(payment, "cancel")
            )
            if intent.status == "succeeded":
                payment_apply_intent(payment=payment, intent=intent, via="card")
                raise ApplicationError(_("The payment succeeded meanwhile: refund it instead of cancelling."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if not order_cancellable(order=locked):
            raise ApplicationError(_("This order can no longer be cancelled."))
        for payment in locked.payments.select_for_update().filter(
            state__in=[*PAYMENT_OPEN_STRIPE_STATES, PaymentState.PENDING]
        ):
            void = payment.state == PaymentState.REQUIRES_CAPTURE
            payment_event(payment=payment, event="void" if void else "cancel", cause="order_cancelled", actor=actor)
        return order_cancel_close(order=locked, cause=cause, actor=actor)


def payments_reconcile() -> dict[str, int]:
    """Re-read every Stripe payment still waiting and settle it as the webhook would (localstripe never retries)."""
    counts = {"checked": 0, "changed": 0, "errors": 0}
    open_attempts = Q(state__in=PAYMENT_OPEN_STRIPE_STATES)
    # Uncertain: ended here without success, recently, on an order still unpaid (or cancelled for want of
    # payment). Stripe may have charged it anyway (an answer lost on the way back); the re-read then settles
    # the order or flags it for a refund.
    uncertain = Q(
        state__in=[PaymentState.FAILED, PaymentState.CANCELED],
        updated_at__gte=timezone.now() - RECONCILE_UNCERTAIN_WINDOW,
        order__status__in=[*UNPAID_OPEN_STATUSES, S.CANCELLED],
    )
    for payment in Payment.objects.filter(open_attempts | uncertain, stripe_payment_intent_id__gt="").select_related(
        "order"
    ):
        counts["checked"] += 1
        before = payment.state
        try:
            after = payment_settle(payment=payment, via="reconciliation")
            if after.method in BANK_FLOW_METHODS:
                after = payment_bank_expire_overdue(payment=after)  # a BLIK approval long past its window
        except gateway.GatewayError:
            counts["errors"] += 1
            continue
        if after.state != before:
            counts["changed"] += 1
    return counts


def orders_expire_unpaid(*, now: datetime.datetime | None = None) -> int:
    """Cancel unpaid orders once ``expires_at`` has passed, releasing their stock: the hold the shopper was told
    ("we hold these items for you until ...") ends exactly then, not a moment before.

    Covered: orders waiting for a card, SEPA or bank-transfer payment, and offline orders still waiting for the
    merchant's review. Not covered: a confirmed cash-on-delivery order (it waits for shipping, not for money) and
    a card payment held for review (authorised at Stripe; the merchant captures or cancels it).
    """
    now = now or timezone.now()
    expired = 0
    waiting = Q(status__in=[S.PLACED, S.AWAITING_PAYMENT]) & ~Q(payment_method=PaymentMethod.CASH_ON_DELIVERY)
    held_offline = Q(status=S.HELD_FOR_REVIEW, payment_method__in=OFFLINE_METHODS)
    for order in Order.objects.filter(waiting | held_offline, expires_at__lt=now):
        for payment in order.payments.filter(state__in=PAYMENT_OPEN_STRIPE_STATES):
            try:
                payment_settle(payment=payment, via="reconciliation")
            except gateway.GatewayError:
                continue
        order.refresh_from_db()
        held = order.status == S.HELD_FOR_REVIEW and order.payment_method in OFFLINE_METHODS
        if order.status not in (S.PLACED, S.AWAITING_PAYMENT) and not held:
            continue
        cause = "expired_unconfirmed" if held else "expired_unpaid"
        try:
            order_cancel(order=order, cause=cause, actor=None)
            expired += 1
        except (ApplicationError, gateway.GatewayError) as exc:
            logger.info("Order %s not expired: %s", order.number, exc)
    return expired
