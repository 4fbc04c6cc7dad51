"""The catalogue's prices in the shopper's currency (``prices.currency.shopper_currency``): product cards and the
product page show what the cart and the checkout charge, converted by the one ``convert``."""

from django import template

from core.versioned_cache import namespace_version
from prices.currency import CURRENCY_RATES_CACHE, shopper_currency
from prices.selectors import prior_price_cached, product_price_in
from shop.selectors import product_jsonld as product_jsonld_text

register = template.Library()


@register.inclusion_tag("prices/price.html", takes_context=True)
def product_price(context, product, size: str = "card") -> dict:
    """``{% load prices %}{% product_price product %}``: the price in the shopper's currency, and the Omnibus prior
    price (from that currency's own history) and reduction only when the history proves them."""
    currency = shopper_currency(context.get("request"))
    return {
        "price": product_price_in(product=product, currency=currency),
        "prior": prior_price_cached(product=product, currency=currency),
        "size": size,
    }


@register.simple_tag(takes_context=True)
def shopper_price(context, product):
    """``{% shopper_price product as price %}``: the product's price in the shopper's currency."""
    return product_price_in(product=product, currency=shopper_currency(context.get("request")))


@register.simple_tag(takes_context=True)
def product_jsonld(context, product):
    """``{% product_jsonld product %}``: the page's schema.org Product, its Offer in the price the page shows."""
    price = product_price_in(product=product, currency=shopper_currency(context.get("request")))
    return product_jsonld_text(product=product, price=price)


@register.simple_tag(takes_context=True)
def price_cache_key(context) -> str:
    """``{% price_cache_key as prices_key %}`` for ``{% cache %}`` around listings: the shopper's currency and the
    rates' version (a rate changed: every converted price did)."""
    return f"{shopper_currency(context.get('request'))}:{namespace_version(CURRENCY_RATES_CACHE)}"
