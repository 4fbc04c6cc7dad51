"""Money in the back office: ``{% money amount %}`` shows a ``Money`` in the active language ("€256.00")."""

from __future__ import annotations

from django import template

from core.formatting import format_money
from core.money import Money

register = template.Library()


@register.simple_tag
def money(value: Money) -> str:
    return format_money(value)
