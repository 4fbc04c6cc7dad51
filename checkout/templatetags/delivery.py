"""``{% load delivery %}{% delivery_panel request items_total %}``: what the product page and the cart (shop's
pages) show about delivery to the shopper's country: the picker, each option's delivered price and window.

Payments owns the quotes and the delivery estimates, and sits above shop: it adds the panel to shop's pages
through this tag, so shop imports nothing from payments (docs/architecture.md).
"""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from checkout.delivery import delivery_panel_context
from core.money import Money

register = template.Library()


@register.inclusion_tag("checkout/includes/delivery_panel.html")
def delivery_panel(request: HttpRequest, items_total: Money) -> dict:
    return delivery_panel_context(request=request, items_total=items_total)
