"""``{% load returns %}{% order_returns_panel order %}``: the order page's "Return, withdraw or complain" panel."""

from __future__ import annotations

from django import template

from orders.models import Order
from returns.selectors import order_returns_options

register = template.Library()


@register.inclusion_tag("returns/_order_panel.html", takes_context=True)
def order_returns_panel(context, order: Order) -> dict:
    request = context.get("request")
    key = request.GET.get("key", "") if request is not None else ""
    return {"options": order_returns_options(order=order), "order": order, "key": key}
