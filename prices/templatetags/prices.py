from django import template

from prices.selectors import prior_price_cached

register = template.Library()


@register.inclusion_tag("prices/price.html")
def product_price(product, size: str = "card") -> dict:
    """``{% load prices %}{% product_price product %}``: the price, and the Omnibus prior price and reduction
    only when the history proves them."""
    return {"product": product, "prior": prior_price_cached(product=product), "size": size}
