import logging

from django import template
from django.db import DatabaseError

from trust.badges import REGISTRY
from trust.selectors import badge_strip, badges_evaluate

logger = logging.getLogger(__name__)
register = template.Library()


@register.inclusion_tag("trust/includes/badges.html")
def trust_badges(request, variant: str = "compact", only: str = "") -> dict:
    """``{% load trust %}{% trust_badges request "compact" %}``: the badge strip, each linking to its evidence.

    The same rule everywhere (``badge_strip``): passing checks show their badge; failing ones show no badge,
    and a link says how many are not met.
    ``variant`` "full" adds each badge's state; ``only`` is a comma-separated list of badge keys to show, in
    that order (e.g. ``"secure_connection,card_data_stripe,three_d_secure"`` next to a pay button).
    """
    keys = [key.strip() for key in only.split(",") if key.strip() in REGISTRY] if only else list(REGISTRY)
    try:
        results = badges_evaluate(request=request or None, keys=keys)
    except DatabaseError:
        # The strip decorates every page: if the evidence cannot be read, show no badge rather than no page.
        logger.exception("trust badges could not be computed")
        results = []
    return {
        "strip": badge_strip(results=results),
        "variant": variant if variant in {"compact", "full"} else "compact",
    }
