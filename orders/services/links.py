"""Signed order links: revoking them all, emailing a fresh one on request."""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from orders.models import (
    Order,
    new_link_secret,
)
from orders.tasks import send_order_link_email

logger = logging.getLogger(__name__)

# A fresh link is emailed on request at most this often per order (the page of an expired link offers it).
LINK_RESEND_INTERVAL = datetime.timedelta(minutes=15)


def order_link_secret_rotate(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """Revoke every signed link made so far for ``order`` (order page, returns, reviews): a new link secret.

    The old links open a page that offers a fresh link, sent to the order's email address only.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        locked.link_secret = new_link_secret()
        locked.save(update_fields=["link_secret", "updated_at"])
    order.link_secret = locked.link_secret
    logger.info("Links of order %s revoked by %s", locked.number, getattr(actor, "pk", None))
    return locked


def order_link_send(*, order: Order, now: datetime.datetime | None = None) -> None:
    """Email a fresh signed link to the order's own address, at most once per ``LINK_RESEND_INTERVAL``."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.link_sent_at is not None and now < locked.link_sent_at + LINK_RESEND_INTERVAL:
            raise ApplicationError(
                _(
                    "We emailed a new link for this order a few minutes ago. Please check your inbox and spam "
                    "folder, or try again in 15 minutes."
                )
            )
        locked.link_sent_at = now
        locked.save(update_fields=["link_sent_at"])
        order_id = locked.pk
        transaction.on_commit(lambda: send_order_link_email.enqueue(order_id))
