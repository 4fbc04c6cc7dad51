"""Fulfilment: confirming a held offline order, shipping, delivering, delaying, the order side of a cancellation."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.validators import single_line_clean
from orders.models import (
    OFFLINE_METHODS,
    Order,
    PaymentMethod,
    ShipmentDelay,
)
from orders.services.stock import stock_release, stock_reserve
from orders.services.transitions import order_transition
from orders.states import UNPAID_OPEN_STATUSES, OrderStatus
from orders.tasks import send_order_status_email
from shop.models import Cart
from shop.services import cart_add

logger = logging.getLogger(__name__)

S = OrderStatus


def unpaid_window(method: str) -> datetime.timedelta:
    """How long an order may stay unpaid before ``orders_expire_unpaid`` cancels it and releases its stock."""
    if method in OFFLINE_METHODS:
        return datetime.timedelta(hours=settings.OFFLINE_HOLD_HOURS)
    return datetime.timedelta(minutes=settings.CARD_PAYMENT_WINDOW_MINUTES)


def offline_hold_until(*, now: datetime.datetime | None = None) -> datetime.datetime:
    """Until when an offline order placed ``now`` holds its items (what the review page promises)."""
    return (now or timezone.now()) + datetime.timedelta(hours=settings.OFFLINE_HOLD_HOURS)


@transaction.atomic
def order_ship(*, order: Order, tracking_number: str, actor: AbstractBaseUser | None) -> Order:
    tracking_number = single_line_clean(
        tracking_number, field="tracking_number", label=_("Tracking number"), max_length=80
    )
    order = Order.objects.select_for_update().get(pk=order.pk)
    cod = order.payment_method == PaymentMethod.CASH_ON_DELIVERY and order.status == S.AWAITING_PAYMENT
    if order.status not in (S.PAID, S.PARTIALLY_REFUNDED) and not cod:
        raise ApplicationError(_("Only a paid order (or a cash-on-delivery order) can be shipped."))
    if order.flagged_reason:
        raise ApplicationError(_("This order is flagged: resolve the flag before shipping."))
    order.tracking_number = tracking_number
    order.save(update_fields=["tracking_number", "updated_at"])
    cause = _("Shipped") + (f" ({_('tracking number')} {order.tracking_number})" if order.tracking_number else "")
    return order_transition(order=order, to_status=S.SHIPPED, cause=cause, actor=actor)


def order_review_accept(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """Confirm an offline order the screening held, after the merchant's look: it now waits for the money (bank
    transfer; the shopper is emailed the details and the items are held for a new full window) or for shipping
    (cash on delivery)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != S.HELD_FOR_REVIEW or locked.payment_method not in OFFLINE_METHODS:
            raise ApplicationError(_("Only an offline order held for review can be confirmed here."))
        if not locked.stock_reserved:
            stock_reserve(order=locked)
        locked.expires_at = timezone.now() + unpaid_window(locked.payment_method)
        locked.save(update_fields=["expires_at", "updated_at"])
        cause = (
            _("Checked and confirmed: waiting for your bank transfer")
            if locked.payment_method == PaymentMethod.BANK_TRANSFER
            else _("Checked and confirmed: you pay in cash when the parcel arrives")
        )
        return order_transition(order=locked, to_status=S.AWAITING_PAYMENT, cause=cause, actor=actor)


def order_items_to_cart(*, order: Order, cart: Cart) -> None:
    """Put a cancelled order's items back into the shopper's cart (as far as the stock allows), so they can check
    out again, e.g. with another payment method after a refused payment. An open order's items stay in it."""
    order.refresh_from_db(fields=["status"])
    if order.status != S.CANCELLED:
        return
    for line in order.lines.select_related("product"):
        if line.product is None:
            continue
        try:
            cart_add(cart=cart, product=line.product, quantity=line.quantity)
        except ApplicationError:
            continue  # sold out or off sale meanwhile: the cart shows what is left


@transaction.atomic
def order_deliver(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """The order side of a delivery (``payments.services.order_mark_delivered`` also collects cash on delivery)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != S.SHIPPED:
        raise ApplicationError(_("Only a shipped order can be marked as delivered."))
    return order_transition(order=order, to_status=S.DELIVERED, cause=_("Delivered"), actor=actor)


def order_cancellable(*, order: Order) -> bool:
    """Unpaid and open, or a cash-on-delivery parcel refused at the door (nothing was paid)."""
    return order.status in UNPAID_OPEN_STATUSES or (
        order.status == S.SHIPPED and order.payment_method == PaymentMethod.CASH_ON_DELIVERY
    )


@transaction.atomic
def order_cancel_close(*, order: Order, cause: str, actor: AbstractBaseUser | None) -> Order:
    """The order side of a cancellation: release the stock and close the order. ``payments.services.order_cancel``
    first cancels the order's open payments (in the same transaction)."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not order_cancellable(order=locked):
        raise ApplicationError(_("This order can no longer be cancelled."))
    stock_release(order=locked)
    return order_transition(order=locked, to_status=S.CANCELLED, cause=cause, actor=actor)


# --- Delays -----------------------------------------------------------------------------------------------

DELAYABLE_STATUSES = frozenset({S.PLACED, S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW, S.PAID, S.SHIPPED})


def order_mark_delayed(
    *,
    order: Order,
    new_from: datetime.date,
    new_to: datetime.date,
    reason: str,
    actor: AbstractBaseUser | None,
    today: datetime.date | None = None,
) -> ShipmentDelay:
    """Record a new delivery window for an order not yet delivered and email the shopper after commit.

    The order's status does not change; the promised window does, and the delay is on the order's timeline.
    """
    today = today or timezone.localdate()
    reason = single_line_clean(reason, field="reason", label=_("Reason"), max_length=300)
    if not reason:
        raise ApplicationError(_("Tell the shopper why the delivery is late."), field="reason")
    if new_from > new_to:
        raise ApplicationError(_("The new window must end on or after its first day."), field="new_to")
    if new_from < today:
        raise ApplicationError(_("The new window cannot start in the past."), field="new_from")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in DELAYABLE_STATUSES:
            raise ApplicationError(_("Only an order that is not yet delivered or cancelled can be delayed."))
        delay = ShipmentDelay(
            order=locked,
            previous_from=locked.delivery_estimate_from,
            previous_to=locked.delivery_estimate_to,
            new_from=new_from,
            new_to=new_to,
            reason=reason,
            actor=actor,
        )
        delay.full_clean()
        delay.save()
        locked.delivery_estimate_from, locked.delivery_estimate_to = new_from, new_to
        locked.save(update_fields=["delivery_estimate_from", "delivery_estimate_to", "updated_at"])
        order.delivery_estimate_from, order.delivery_estimate_to = new_from, new_to
        transaction.on_commit(lambda: _queue_delay_email(order_id=locked.pk))
    return delay


def _queue_delay_email(*, order_id: int) -> None:
    try:
        send_order_status_email.enqueue(order_id, "delayed")
    except Exception:  # noqa: BLE001 - the delay is recorded; the email is side work
        logger.exception("Could not queue the delay email for order %s", order_id)
