import hashlib
import logging

from django import template
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import pages_cache
from trust.badges import REGISTRY, BadgeResult
from trust.selectors import BADGE_CACHE_SECONDS, badges_evaluate

logger = logging.getLogger(__name__)
register = template.Library()

STRIP_TEMPLATE = "trust/includes/badges.html"


def _strip_key(badges: list[BadgeResult], variant: str) -> str:
    """The strip's HTML depends only on what it shows: each badge's key, title, pass/fail (and state when full)."""
    shown = [(b.key, str(b.title), b.passed, str(b.state) if variant == "full" else "") for b in badges]
    fingerprint = hashlib.sha256(repr(shown).encode()).hexdigest()[:24]
    return f"trust:strip:v1:{get_language()}:{variant}:{fingerprint}"


@register.simple_tag
def trust_badges(request, variant: str = "compact", only: str = "") -> SafeString:
    """``{% load trust %}{% trust_badges request "compact" %}``: the badge strip, each linking to its evidence.

    Shows passing badges, and failing ones that must stay visible (an insecure connection, for example).
    ``variant`` "full" adds each badge's state; ``only`` is a comma-separated list of badge keys to show, in
    that order (e.g. ``"secure_connection,card_data_stripe,three_d_secure"`` next to a pay button).

    The results are evaluated on every request (briefly cached, trust/selectors.py); the strip's HTML is cached
    under a fingerprint of what it shows, so a badge that changes shows at once and nothing is rendered twice.
    """
    keys = [key.strip() for key in only.split(",") if key.strip() in REGISTRY] if only else list(REGISTRY)
    try:
        results = badges_evaluate(request=request or None, keys=keys)
    except DatabaseError:
        # The strip decorates every page: if the evidence cannot be read, show no badge rather than no page.
        logger.exception("trust badges could not be computed")
        results = []
    badges = [b for b in results if b.visible_in_strip]
    variant = variant if variant in {"compact", "full"} else "compact"
    key = _strip_key(badges, variant)
    html = pages_cache.get(key)
    if html is None:
        html = render_to_string(STRIP_TEMPLATE, {"badges": badges, "variant": variant})
        pages_cache.set(key, html, BADGE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output
