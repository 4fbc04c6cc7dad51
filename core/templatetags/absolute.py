from django import template
from django.urls import reverse

from core.absolute import absolute_url as _absolute_url

register = template.Library()


@register.simple_tag
def absolute_url(name: str, *args: object) -> str:
    """``{% absolute_url "support:phishing" %}``: the named page on ``SHOP_BASE_URL`` (emails, feeds)."""
    return _absolute_url(reverse(name, args=args or None))
