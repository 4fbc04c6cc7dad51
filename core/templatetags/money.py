from django import template

from core.formatting import format_money
from core.money import Money

register = template.Library()


@register.filter(name="money")
def money_filter(value: Money | None) -> str:
    """``{{ product.price|money }}``: the price in the active language's format."""
    if value is None:
        return ""
    return format_money(value)
