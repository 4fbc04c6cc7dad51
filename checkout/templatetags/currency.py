"""The header's currency switch (checkout owns the shopper's currency; prices owns the rates)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from checkout.pricing import cart_quote
from core.money import Money
from prices.currency import shop_currencies, shopper_currency
from shop.selectors import CartItem, CartSummary

register = template.Library()


@register.inclusion_tag("checkout/includes/currency_switch.html")
def currency_switch(request) -> dict:
    """Shown when the merchant sells in more than one currency, the shopper's currency selected (the one the page's
    prices are in). A request without a session cookie (an anonymous cached page) is not made to read the
    session: it shows the default of the page's language."""
    currencies = shop_currencies()
    current = shopper_currency(request) if request is not None else currencies[0]
    return {"currencies": currencies if len(currencies) > 1 else [], "current": current, "request": request}


@dataclass(frozen=True)
class PricedCartLine:
    item: CartItem
    unit_price: Money
    line_total: Money


@dataclass(frozen=True)
class PricedCart:
    lines: list[PricedCartLine]
    items_total: Money


@register.simple_tag
def cart_priced(request, summary: CartSummary) -> PricedCart:
    """``{% cart_priced request summary as priced %}``: the cart's lines in the shopper's currency, priced by
    ``cart_quote`` (each unit converted once, as the checkout and the order charge them)."""
    quote = cart_quote(
        cart=summary, country="", delivery_option=None, payment_method=None, currency=shopper_currency(request)
    )
    lines = [
        PricedCartLine(item=item, unit_price=line.unit_price, line_total=line.unit_price * line.quantity)
        for item, line in zip(summary.items, quote.basket, strict=True)
    ]
    return PricedCart(lines=lines, items_total=quote.items)
