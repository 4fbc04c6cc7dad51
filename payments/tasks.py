"""Background work (Django's task framework): order emails, reconciliation, expiring unpaid orders."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.selectors import greeting_name
from core.emails import email_send
from payments.access import order_signed_url
from payments.models import Order
from payments.states import OrderStatus

logger = logging.getLogger(__name__)

# The transitions a shopper cares about, each with its email template.
EMAIL_STATUSES = frozenset(
    {
        OrderStatus.PLACED,  # card and SEPA orders; offline methods are confirmed by the awaiting-payment email
        OrderStatus.AWAITING_PAYMENT,
        OrderStatus.PAID,
        OrderStatus.HELD_FOR_REVIEW,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
        OrderStatus.CANCELLED,
        OrderStatus.PARTIALLY_REFUNDED,
        OrderStatus.REFUNDED,
    }
)


# Emails that are not status changes: "delayed" (``payments.delivery.order_mark_delayed``).
DELAYED = "delayed"


@task()
def send_order_status_email(order_id: int, to_status: str) -> bool:
    order = Order.objects.filter(pk=order_id).prefetch_related("lines").first()
    if order is None or (to_status not in EMAIL_STATUSES and to_status != DELAYED):
        return False
    with translation.override(order.language or "en"):
        context = {
            "order": order,
            "greeting_name": greeting_name(name=order.full_name, user_id=order.user_id, email=order.email),
            "status": to_status,
            "status_label": _("Delivery delayed") if to_status == DELAYED else OrderStatus(to_status).label,
            "delay": order.delays.last() if to_status == DELAYED else None,
            "order_url": order_signed_url(order=order),
            "shop_name": settings.SHOP_NAME,
            "iban": settings.MERCHANT_IBAN,
            "bic": settings.MERCHANT_BIC,
            "account_name": settings.MERCHANT_BANK_ACCOUNT_NAME,
            "last_change": order.status_changes.filter(to_status=to_status).last(),
        }
        subject = render_to_string("emails/order_status_subject.txt", context).strip()
        body = render_to_string("emails/order_status.txt", context)
        email_send(subject=subject, body=body, to=[order.email], order=order)
    return True


@task()
def send_order_link_email(order_id: int) -> bool:
    """A fresh signed link, asked for from the page of an expired or revoked one: to the order's address only."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    with translation.override(order.language or "en"):
        context = {
            "order": order,
            "order_url": order_signed_url(order=order),
            "shop_name": settings.SHOP_NAME,
            "days": settings.ORDER_LINK_MAX_AGE_DAYS,
        }
        subject = _("A new link to your order %(number)s") % {"number": order.number}
        body = render_to_string("emails/order_link.txt", context)
        email_send(subject=subject, body=body, to=[order.email], order=order)
    return True


@task()
def reconcile_payments_task() -> dict:
    from payments.services import payments_reconcile

    return payments_reconcile()


@task()
def expire_unpaid_orders_task() -> int:
    from payments.services import orders_expire_unpaid

    return orders_expire_unpaid()
