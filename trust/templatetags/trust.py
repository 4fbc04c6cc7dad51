from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import pages_cache
from trust.badges import REGISTRY
from trust.selectors import BADGE_CACHE_SECONDS, badge_strip, badges_fingerprint, badges_shown

register = template.Library()

STRIP_TEMPLATE = "trust/includes/badges.html"


@register.simple_tag
def trust_badges(request, variant: str = "compact", only: str = "") -> SafeString:
    """``{% load trust %}{% trust_badges request "compact" %}``: the badge strip, each linking to its evidence.

    The same rule everywhere (``badge_strip``): passing checks show their badge; failing ones show no badge,
    and a link says how many are not met.
    ``variant`` "full" adds each badge's state; ``only`` is a comma-separated list of badge keys to show, in
    that order (e.g. ``"secure_connection,card_data_stripe,three_d_secure"`` next to a pay button).

    The results are evaluated on every request (briefly cached, trust/selectors.py); the strip's HTML is cached
    under a fingerprint of what it shows, so a badge that changes shows at once and nothing is rendered twice.
    """
    keys = [key.strip() for key in only.split(",") if key.strip() in REGISTRY] if only else list(REGISTRY)
    badges = badges_shown(request=request, keys=keys)
    variant = variant if variant in {"compact", "full"} else "compact"
    key = f"trust:strip:v2:{get_language()}:{variant}:{badges_fingerprint(badges, with_state=variant == 'full')}"
    html = pages_cache.get(key)
    if html is None:
        html = render_to_string(STRIP_TEMPLATE, {"strip": badge_strip(results=badges), "variant": variant})
        pages_cache.set(key, html, BADGE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output
