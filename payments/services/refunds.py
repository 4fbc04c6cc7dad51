"""Refunds: never more than was paid. Each is a row written before the gateway is asked, and the gateway is asked
outside the database transaction (with the payment row locked while the row is written), so a failed call stays
visible as a ``failed`` refund instead of being rolled back."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money, money_sum
from orders.models import STRIPE_METHODS, Order
from orders.services import stock_release, stock_return_lines
from orders.states import PAID_PAYMENT_STATUSES, PaymentStatus
from orders.tasks import send_order_status_email
from payments import gateway
from payments.models import REFUND_COUNTED_STATES, PaymentState, Refund, RefundLine, RefundReason
from payments.selectors import order_refundable_lines
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


def order_refund(
    *,
    order: Order,
    amount: Money,
    reason: str,
    restock: bool,
    actor: AbstractBaseUser | None,
    code: str = RefundReason.OTHER,
) -> Refund:
    """Refund part or all of what was paid; never more (the app enforces it: localstripe does not)."""
    return refund_send(refund=refund_open(order=order, amount=amount, reason=reason, restock=restock, actor=actor,
                                          code=code))  # fmt: skip


@dataclass(frozen=True)
class RefundWanted:
    """One line of a refund by lines: ``quantity`` of an order line, or the delivery cost (``order_line_id`` None)."""

    order_line_id: int | None
    quantity: int = 1
    restock: bool = False


@dataclass(frozen=True)
class RefundQuote:
    lines: list[tuple[RefundWanted, str, Money]]  # what, its name in the reader's language, its amount
    amount: Money


def order_refund_quote(*, order: Order, wanted: list[RefundWanted]) -> RefundQuote:
    """The amount of a refund by lines: unit price × quantity per line, plus the delivery cost when chosen. Refuses
    more than is still refundable per line (earlier refunds count, failed ones do not) and an empty refund."""
    refundable, delivery_open = order_refundable_lines(order=order)
    by_id = {entry.line.pk: entry for entry in refundable}
    lines: list[tuple[RefundWanted, str, Money]] = []
    for want in wanted:
        if want.order_line_id is None:
            if not delivery_open:
                raise ApplicationError(_("The delivery cost was already refunded."), field="delivery")
            lines.append((want, _("Delivery"), order.delivery_total))
            continue
        entry = by_id.get(want.order_line_id)
        if entry is None:
            raise ApplicationError(_("That line is not part of this order."))
        if want.quantity <= 0:
            continue
        if want.quantity > entry.refundable_quantity:
            raise ApplicationError(
                _("At most %(count)d of “%(name)s” can still be refunded.")
                % {"count": entry.refundable_quantity, "name": entry.line.name},
                field=f"line_{entry.line.pk}",
            )
        lines.append((want, f"{want.quantity} × {entry.line.name}", entry.unit_price * want.quantity))
    if not lines:
        raise ApplicationError(_("Choose at least one item or the delivery cost to refund."))
    return RefundQuote(lines=lines, amount=money_sum((amount for _w, _n, amount in lines), order.currency))


def order_refund_lines(
    *,
    order: Order,
    wanted: list[RefundWanted],
    reason: str,
    actor: AbstractBaseUser | None,
    code: str = RefundReason.OTHER,
) -> Refund:
    """Refund chosen lines, quantities and the delivery cost: the amount is computed here, never typed. The refund
    row and its lines are written together (``refund_open``), the gateway is asked after (``refund_send``), and
    the lines marked "back to stock" go back on sale once it is sent."""
    return refund_send(refund=refund_open(order=order, amount=None, reason=reason, restock=False, actor=actor,
                                          lines=wanted, code=code))  # fmt: skip


def refund_open(
    *,
    order: Order,
    amount: Money | None,
    reason: str,
    restock: bool,
    actor: AbstractBaseUser | None,
    lines: list[RefundWanted] | None = None,
    code: str = RefundReason.OTHER,
) -> Refund:
    """Check the cap and write the refund row (``created``) under the order's and the payment's row locks.

    It may run inside a caller's transaction (returns claims the refund for its request in the same one); the
    gateway is asked afterwards by ``refund_send``, outside any transaction. With ``lines`` the amount is their
    quote, computed under the lock, and the lines are written with the refund.
    """
    if lines is not None:
        amount = order_refund_quote(order=order, wanted=lines).amount
    if amount.currency != order.currency or amount.amount <= 0:
        raise ApplicationError(_("Enter a positive amount in the order's currency."), field="amount")
    if code not in RefundReason.values:
        raise ApplicationError(_("Choose one of the listed reasons for the refund."), field="code")
    if code == RefundReason.OTHER and not reason.strip():
        raise ApplicationError(_("Give a reason for the refund."), field="reason")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.payment_status not in PAID_PAYMENT_STATUSES:
            raise ApplicationError(_("Only a paid order that is not fully refunded can be refunded."))
        payment = (
            locked.payments.select_for_update().filter(state=PaymentState.SUCCEEDED).order_by("-created_at").first()
        )
        refundable = order_refundable(order=locked)
        quote = order_refund_quote(order=locked, wanted=lines) if lines is not None else None
        if quote is not None:
            amount = quote.amount
        if amount > refundable:
            raise ApplicationError(
                _("At most %(amount)s can be refunded.") % {"amount": format_money(refundable)}, field="amount"
            )
        refund = Refund.objects.create(
            order=locked,
            payment=payment,
            amount=amount.amount,
            currency=amount.currency,
            code=code,
            reason=reason.strip()[:300],
            restock=restock,
            actor=actor,
        )
        if quote is not None:
            RefundLine.objects.bulk_create(
                RefundLine(refund=refund, order_line_id=want.order_line_id, quantity=want.quantity,
                           amount=line_amount.amount, restock=want.restock and want.order_line_id is not None)
                for want, _name, line_amount in quote.lines
            )  # fmt: skip
        return refund


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
        restocked = refund.lines.filter(restock=True, order_line__isnull=False)
        back = dict(restocked.values_list("order_line_id", "quantity"))
        if back:
            stock_return_lines(order=order, quantities=back)
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
