"""``{% load returns %}``: ``{% order_returns_panel order %}``, the order page's "Return, withdraw or complain"
panel, and ``{% withdrawal_last_day order as day %}`` for the "delivered" email."""

from __future__ import annotations

import datetime

from django import template

from orders.models import Order
from returns.selectors import kind_last_day, order_delivered_at, order_returns_options
from returns.states import RequestKind

register = template.Library()


@register.inclusion_tag("returns/_order_panel.html", takes_context=True)
def order_returns_panel(context, order: Order) -> dict:
    request = context.get("request")
    key = request.GET.get("key", "") if request is not None else ""
    return {"options": order_returns_options(order=order), "order": order, "key": key}


@register.simple_tag
def withdrawal_last_day(order: Order) -> datetime.date | None:
    """The last day the shopper can withdraw from the purchase (14 days from delivery); None before delivery."""
    delivered_at = order_delivered_at(order=order)
    if delivered_at is None:
        return None
    return kind_last_day(kind=RequestKind.WITHDRAWAL, delivered_at=delivered_at, terms=None)
