"""Checkout steps, the pay endpoint, the order page and the public fee table. Thin: parse, call a service, render."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from orders.access import (
    OrderLinkExpired,
    order_can_view,
    order_link_resend_ticket,
    order_link_resend_ticket_valid,
)
from orders.models import Order
from orders.services import order_link_send

logger = logging.getLogger(__name__)


def _order_link_expired_page(
    request: HttpRequest, order: Order, *, sent: bool = False, error: str = "", status: int = 403
) -> HttpResponse:
    return render(
        request,
        "orders/order_link_expired.html",
        {
            "order": order,
            "ticket": order_link_resend_ticket(order=order),
            "days": settings.ORDER_LINK_MAX_AGE_DAYS,
            "sent": sent,
            "error": error,
        },
        status=status,
    )


def order_link_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages opened by a signed order link: an expired or revoked link gets a page that says so and offers a
    fresh link by email (or signing in), not a bare 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OrderLinkExpired as expired:
            return _order_link_expired_page(request, expired.order)

    return wrapper


@require_POST
def order_link_resend(request: HttpRequest, number: str) -> HttpResponse:
    """The expired-link page's "email me a fresh link": sent to the order's own address, rate-limited."""
    order = Order.objects.filter(number=number).first()
    if order is None or not order_link_resend_ticket_valid(order=order, ticket=request.POST.get("ticket", "")):
        raise Http404
    try:
        order_link_send(order=order)
    except ApplicationError as exc:
        return _order_link_expired_page(request, order, error=exc.message, status=429)
    return _order_link_expired_page(request, order, sent=True, status=200)


def order_for_viewer(request: HttpRequest, number: str) -> Order:
    """The one lookup of an order for a page: by number, for its signed-in owner or a live signed link (``?key=``);
    404 otherwise (``OrderLinkExpired`` for a real link that expired, see ``order_link_page``)."""
    order = Order.objects.filter(number=number).first()
    if order is None or not order_can_view(order=order, user=request.user, key=request.GET.get("key")):
        raise Http404
    return order


def order_list(request: HttpRequest) -> HttpResponse:
    """The old order list: the account's order list is the one list of a shopper's orders."""
    return redirect(reverse("accounts:orders"), permanent=True)
