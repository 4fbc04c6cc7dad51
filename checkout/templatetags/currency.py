"""The header's currency switch (checkout owns the shopper's currency; prices owns the rates)."""

from __future__ import annotations

from django import template
from django.conf import settings

from prices.currency import request_currency, shop_currencies

register = template.Library()


@register.inclusion_tag("checkout/includes/currency_switch.html")
def currency_switch(request) -> dict:
    """Shown when the merchant sells in more than one currency. A request without a session cookie (an anonymous
    cached page) is not made to read the session: it shows the base currency selected."""
    currencies = shop_currencies()
    has_session = request is not None and settings.SESSION_COOKIE_NAME in request.COOKIES
    current = request_currency(request) if has_session else currencies[0]
    return {"currencies": currencies if len(currencies) > 1 else [], "current": current, "request": request}
