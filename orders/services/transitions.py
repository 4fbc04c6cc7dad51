"""The one writer of ``Order.status``: ``order_event`` applies an event of ``ORDER_LIFECYCLE``. Merchant flags."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from orders.lifecycle import FULFILMENT_AFTER, ORDER_LIFECYCLE
from orders.models import Order, OrderStatusChange
from orders.signals import order_status_changed
from orders.states import FulfilmentStatus

logger = logging.getLogger(__name__)

# When each fulfilment status was reached, stored on the order.
FULFILMENT_TIME_FIELD = {FulfilmentStatus.SHIPPED: "shipped_at", FulfilmentStatus.DELIVERED: "delivered_at"}


@transaction.atomic
def order_event(
    *,
    order: Order,
    event: str,
    cause: str,
    params: dict | None = None,
    actor: AbstractBaseUser | None = None,
    cause_text: str = "",
) -> Order:
    """Apply ``event`` to ``order`` if ``ORDER_LIFECYCLE`` allows it from its status (else ``IllegalEvent``),
    record it on the timeline with its time, cause code and parameters and actor, and notify after commit.

    The order row is locked so two callers (return page and webhook) cannot both move it. ``cause_text`` is
    for seed data and tests that write a free-text cause instead of a code.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    from_status = locked.status
    to_status = ORDER_LIFECYCLE.target(from_status, event)
    locked.status = to_status
    fields = ["status", "updated_at"]
    fulfilment = FULFILMENT_AFTER.get(event)
    if fulfilment is not None:
        locked.fulfilment_status = fulfilment
        setattr(locked, FULFILMENT_TIME_FIELD[fulfilment], timezone.now())
        fields += ["fulfilment_status", FULFILMENT_TIME_FIELD[fulfilment]]
    locked.save(update_fields=fields)
    OrderStatusChange.objects.create(
        order=locked,
        from_status=from_status,
        to_status=to_status,
        event=event,
        cause_code=cause,
        cause_params=params or {},
        cause=cause_text[:300],
        actor=actor,
    )
    for field in fields:
        setattr(order, field, getattr(locked, field))
    transaction.on_commit(
        lambda: order_status_changed.send(sender=Order, order=locked, from_status=from_status, to_status=to_status)
    )
    return locked


def order_flag(order: Order, reason: str) -> None:
    if reason in (order.flagged_reason or "").splitlines():
        return  # already flagged for this (reconciliation re-reads the same attempt)
    logger.warning("Order %s flagged: %s", order.number, reason)
    text = f"{order.flagged_reason}\n{reason}".strip() if order.flagged_reason else reason
    Order.objects.filter(pk=order.pk).update(flagged_reason=text[:2000], updated_at=timezone.now())
    order.flagged_reason = text
