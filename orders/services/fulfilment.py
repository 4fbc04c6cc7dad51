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
from core.lifecycle import IllegalEvent
from core.validators import single_line_clean
from orders.delivery_dates import business_days_after
from orders.lifecycle import ORDER_LIFECYCLE
from orders.models import (
    OFFLINE_METHODS,
    Carrier,
    Order,
    PaymentMethod,
    ShipmentDelay,
)
from orders.services.stock import stock_release, stock_reserve
from orders.services.transitions import order_event
from orders.states import PAID_PAYMENT_STATUSES, FulfilmentStatus, OrderStatus
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
def order_ship(
    *, order: Order, tracking_number: str, actor: AbstractBaseUser | None, carrier: Carrier | None = None
) -> Order:
    """Hand the parcel to the carrier: a paid order (not refunded in full), or a cash-on-delivery one waiting for
    its money. The delivery window is fixed now, from today and the option's business days. With a ``carrier``,
    the shopper's tracking link is built from the carrier's pattern."""
    tracking_number = single_line_clean(
        tracking_number, field="tracking_number", label=_("Tracking number"), max_length=80
    )
    order = Order.objects.select_for_update().get(pk=order.pk)
    cod = order.payment_method == PaymentMethod.CASH_ON_DELIVERY
    if not cod and order.payment_status not in PAID_PAYMENT_STATUSES:
        raise ApplicationError(_("Only a paid order (or a cash-on-delivery order) can be shipped."))
    if order.flagged_reason:
        raise ApplicationError(_("This order is flagged: resolve the flag before shipping."))
    if carrier is not None and not carrier.active:
        raise ApplicationError(_("Choose a carrier from the list."), field="carrier")
    order.tracking_number = tracking_number
    order.carrier = carrier
    fields = ["tracking_number", "carrier", "updated_at"]
    if order.delivery_max_days:
        today = timezone.localdate()
        order.delivery_estimate_from = business_days_after(today, order.delivery_min_days)
        order.delivery_estimate_to = business_days_after(today, order.delivery_max_days)
        fields += ["delivery_estimate_from", "delivery_estimate_to"]
    order.save(update_fields=fields)
    try:
        return order_event(
            order=order,
            event="ship_cash_on_delivery" if cod and order.status == S.AWAITING_PAYMENT else "ship",
            cause="shipped",
            params={"tracking_number": tracking_number, **({"carrier": carrier.name} if carrier else {})},
            actor=actor,
        )
    except IllegalEvent:
        raise ApplicationError(_("Only a paid order (or a cash-on-delivery order) can be shipped.")) from None


def order_review_accept(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """Confirm an offline order the screening held, after the merchant's look: it now waits for the money (bank
    transfer; the shopper is emailed the details and the items are held for a new full window) or for shipping
    (cash on delivery)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.payment_method not in OFFLINE_METHODS or not ORDER_LIFECYCLE.allows(
            locked.status, "confirm_after_review"
        ):
            raise ApplicationError(_("Only an offline order held for review can be confirmed here."))
        if not locked.stock_reserved:
            stock_reserve(order=locked)
        locked.expires_at = timezone.now() + unpaid_window(locked.payment_method)
        locked.save(update_fields=["expires_at", "updated_at"])
        cause = (
            "confirmed_bank_transfer" if locked.payment_method == PaymentMethod.BANK_TRANSFER else "confirmed_cash"
        )
        return order_event(order=locked, event="confirm_after_review", cause=cause, actor=actor)


@transaction.atomic
def order_mark_returned(*, order: Order, returned: dict[int, int]) -> Order:
    """The parcel's status becomes "returned" once every item of a delivered order is back (``returned``: order-line
    id -> quantity received back). The order's status and payment status do not change (refunds move the latter)."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    back = all(returned.get(line.pk, 0) >= line.quantity for line in locked.lines.all())
    if locked.fulfilment_status == FulfilmentStatus.DELIVERED and back:
        locked.fulfilment_status = FulfilmentStatus.RETURNED
        locked.save(update_fields=["fulfilment_status", "updated_at"])
    order.fulfilment_status = locked.fulfilment_status
    return locked


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
    try:
        return order_event(order=order, event="deliver", cause="delivered", actor=actor)
    except IllegalEvent:
        raise ApplicationError(_("Only a shipped order can be marked as delivered.")) from None


def _cancel_event(order: Order) -> str:
    """A shipped cash-on-delivery parcel is cancelled when refused at the door; any other order by "cancel"."""
    return "refuse_at_door" if order.payment_method == PaymentMethod.CASH_ON_DELIVERY else "cancel"


def order_cancellable(*, order: Order) -> bool:
    """Unpaid and open, or a cash-on-delivery parcel refused at the door (nothing was paid): the table says."""
    if order.status == S.SHIPPED:
        return ORDER_LIFECYCLE.allows(order.status, _cancel_event(order))
    return ORDER_LIFECYCLE.allows(order.status, "cancel")


@transaction.atomic
def order_cancel_close(*, order: Order, cause: str, actor: AbstractBaseUser | None) -> Order:
    """The order side of a cancellation (``cause``: a code of ``orders.causes``): release the stock and close the
    order. ``payments.services.order_cancel``
    first cancels the order's open payments (in the same transaction)."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not order_cancellable(order=locked):
        raise ApplicationError(_("This order can no longer be cancelled."))
    stock_release(order=locked)
    event = _cancel_event(locked) if locked.status == S.SHIPPED else "cancel"
    return order_event(order=locked, event=event, cause=cause, actor=actor)


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
