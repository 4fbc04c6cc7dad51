from django import template

from support.selectors import order_verification_code as _order_verification_code

register = template.Library()


@register.simple_tag
def order_verification_code(order) -> str:
    """``{% order_verification_code order as code %}``: the anti-phishing code for an order."""
    return _order_verification_code(order=order) if order is not None and getattr(order, "number", "") else ""
