"""``{% load locale_format %}``: numbers and short dates in the active language's way."""

from django import template

from core.formatting import format_decimal, format_short_date

register = template.Library()


@register.filter(name="short_date")
def short_date(value) -> str:
    """``{{ day|short_date }}``: "Tue 8 Dec", "wt 8 gru", "di 8 dec"."""
    return format_short_date(value) if value else ""


@register.filter(name="decimal")
def decimal(value, places: int = 1) -> str:
    """``{{ rating|decimal }}``: "4.5" in English, "4,5" in Polish and Dutch."""
    return "" if value is None or value == "" else format_decimal(float(value), int(places))
