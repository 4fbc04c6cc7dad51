"""Background work (Django's task framework): the order emails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.selectors import greeting_name
from core.emails import email_send
from orders.access import order_signed_url
from orders.causes import cause_text
from orders.models import Order
from orders.states import OrderStatus, PaymentStatus

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
    }
)

# Emails that are not status changes: "delayed" (``orders.services.order_mark_delayed``) and the refunds, named by
# the payment status they leave (``payments.services.order_refund``).
DELAYED = "delayed"
REFUND_EMAILS = frozenset({PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED})


def _status_label(status: str) -> str:
    if status == DELAYED:
        return _("Delivery delayed")
    if status in REFUND_EMAILS:
        return PaymentStatus(status).label
    return OrderStatus(status).label


@task()
def send_order_status_email(
    order_id: int, to_status: str, cause_code: str = "", cause_params: dict | None = None
) -> bool:
    """The email for an order's new status, a delay or a refund; ``cause_code``/``cause_params`` say why (else the
    cause of the timeline's last move to ``to_status``), rendered in the order's language."""
    order = Order.objects.filter(pk=order_id).prefetch_related("lines").first()
    if order is None or (to_status not in EMAIL_STATUSES | REFUND_EMAILS and to_status != DELAYED):
        return False
    with translation.override(order.language or "en"):
        context = {
            "order": order,
            "greeting_name": greeting_name(name=order.full_name, user_id=order.user_id, email=order.email),
            "status": to_status,
            "status_label": _status_label(to_status),
            "delay": order.delays.last() if to_status == DELAYED else None,
            "order_url": order_signed_url(order=order),
            "shop_name": settings.SHOP_NAME,
            "iban": settings.MERCHANT_IBAN,
            "bic": settings.MERCHANT_BIC,
            "account_name": settings.MERCHANT_BANK_ACCOUNT_NAME,
        }
        if cause_code:
            context["cause"] = cause_text(cause_code, cause_params)
        elif (last_change := order.status_changes.filter(to_status=to_status).last()) is not None:
            context["cause"] = last_change.cause_text
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
