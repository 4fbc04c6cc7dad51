"""Order status changes -> emails, queued as background tasks. Never raises: a mail problem must not break
the request (or webhook) that moved the order."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from orders.signals import order_status_changed
from orders.tasks import EMAIL_STATUSES, send_order_status_email

logger = logging.getLogger(__name__)


@receiver(order_status_changed, dispatch_uid="payments.order_status_email")
def queue_order_status_email(sender, order, from_status: str, to_status: str, **kwargs) -> None:
    if to_status not in EMAIL_STATUSES:
        return
    try:
        send_order_status_email.enqueue(order.pk, to_status)
    except Exception:  # noqa: BLE001 - the status change is committed; the email is side work
        logger.exception("Could not queue the email for order %s (%s)", order.number, to_status)
