"""The one writer of ``Order.status``: every move goes through ``order_transition``; flags for the merchant."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from orders.models import (
    Order,
    OrderStatusChange,
)
from orders.signals import order_status_changed
from orders.states import can_transition

logger = logging.getLogger(__name__)


class IllegalTransition(ApplicationError):
    pass


@transaction.atomic
def order_transition(*, order: Order, to_status: str, cause: str, actor: AbstractBaseUser | None = None) -> Order:
    """Move ``order`` to ``to_status`` if the state machine allows it, record it, and notify after commit.

    The order row is locked so two callers (return page and webhook) cannot both move it.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not can_transition(locked.status, to_status):
        raise IllegalTransition(f"An order cannot go from {locked.get_status_display()} to {to_status}.")
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    OrderStatusChange.objects.create(
        order=locked, from_status=from_status, to_status=to_status, cause=cause[:300], actor=actor
    )
    order.status = to_status
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
