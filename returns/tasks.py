"""Return request emails (django-tasks: the db worker in the demo, immediate in tests)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.selectors import greeting_name
from core.absolute import absolute_url
from core.emails import email_send
from orders.access import order_access_key
from returns.iban import iban_masked
from returns.models import RefundAccountChange, ReturnRequest
from returns.states import RequestStatus


def request_signed_url(*, request: ReturnRequest, page: str = "request_detail") -> str:
    path = reverse(f"returns:{page}", kwargs={"number": request.number})
    return absolute_url(path + "?key=" + order_access_key(order=request.order))


@task()
def send_return_email(request_id: int, status: str) -> bool:
    """One email per step: requested, approved (with the label link), rejected, received, refunded."""
    request = ReturnRequest.objects.select_related("order").filter(pk=request_id).first()
    if request is None:
        return False
    order = request.order
    with translation.override(order.language or "en"):
        context = {
            "request": request,
            "order": order,
            "greeting_name": greeting_name(name=order.full_name, user_id=order.user_id, email=order.email),
            "status": status,
            "status_label": RequestStatus(status).label,
            "lines": list(request.lines.select_related("order_line")),
            "request_url": request_signed_url(request=request),
            "label_url": request_signed_url(request=request, page="request_label"),
            "shop_name": settings.SHOP_NAME,
        }
        subject = render_to_string("returns/email/subject.txt", context).strip()
        body = render_to_string("returns/email/body.txt", context)
        email_send(subject=subject, body=body, to=[order.email], order=order)
    return True


def refund_account_code_email_send(*, change_id: int, code: str) -> None:
    """Email the code that confirms a refund account, to the order's address.

    Not a queued task on purpose: the queue keeps a task's arguments in the database, where the code exists only
    as a hash. Called after commit, in the request that made the code; a mail failure is logged, and the shopper
    can ask for a new code.
    """
    change = RefundAccountChange.objects.select_related("request__order").filter(pk=change_id).first()
    if change is None:
        return
    order = change.request.order
    with translation.override(order.language or "en"):
        context = {
            "order": order,
            "request": change.request,
            "code": code,
            "iban": iban_masked(change.iban),
            "minutes": int((change.expires_at - change.created_at).total_seconds() // 60),
            "shop_name": settings.SHOP_NAME,
        }
        subject = _("Your code to confirm the refund account for %(number)s") % {"number": change.request.number}
        body = render_to_string("returns/email/account_code.txt", context)
        try:
            email_send(subject=subject, body=body, to=[order.email], order=order)
        except Exception:  # noqa: BLE001 - the change is saved; the shopper can ask for a new code
            logging.getLogger(__name__).exception(
                "Could not email the refund account code for %s", change.request.number
            )
