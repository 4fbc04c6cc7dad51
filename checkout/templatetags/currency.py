"""The header's currency switch (checkout owns the shopper's currency; prices owns the rates)."""

from __future__ import annotations

from django import template

from prices.currency import shop_currencies, shopper_currency

register = template.Library()


@register.inclusion_tag("checkout/includes/currency_switch.html")
def currency_switch(request) -> dict:
    """Shown when the merchant sells in more than one currency, the shopper's currency selected (the one the page's
    prices are in). A request without a session cookie (an anonymous cached page) is not made to read the
    session: it shows the default of the page's language."""
    currencies = shop_currencies()
    current = shopper_currency(request) if request is not None else currencies[0]
    return {"currencies": currencies if len(currencies) > 1 else [], "current": current, "request": request}
