"""The header's currency switch (checkout owns the shopper's currency; prices owns the rates)."""

from __future__ import annotations

from django import template
from django.conf import settings

from core.money import Money, money_sum
from prices.currency import convert, request_currency, shop_currencies

register = template.Library()


@register.inclusion_tag("checkout/includes/currency_switch.html")
def currency_switch(request) -> dict:
    """Shown when the merchant sells in more than one currency. A request without a session cookie (an anonymous
    cached page) is not made to read the session: it shows the base currency selected."""
    currencies = shop_currencies()
    has_session = request is not None and settings.SESSION_COOKIE_NAME in request.COOKIES
    current = request_currency(request) if has_session else currencies[0]
    return {"currencies": currencies if len(currencies) > 1 else [], "current": current, "request": request}


@register.simple_tag
def shopper_currency(request) -> str:
    """The currency the cart and checkout are priced in for this shopper (the header switch, else the base)."""
    return request_currency(request)


# The cart page in the shopper's currency, by the quote's own rule (``cart_quote``): each unit price converted
# once, the line is that times the quantity, the total the sum of the lines.
@register.filter
def unit_in(item, currency: str) -> Money:
    return convert(item.unit_price, currency)


@register.filter
def line_in(item, currency: str) -> Money:
    return convert(item.unit_price, currency) * item.quantity


@register.filter
def items_in(summary, currency: str) -> Money:
    return money_sum((convert(item.unit_price, currency) * item.quantity for item in summary.items), currency)
