import logging

from django import template
from django.db import DatabaseError

from trust.badges import REGISTRY
from trust.selectors import badges_evaluate

logger = logging.getLogger(__name__)
register = template.Library()


@register.inclusion_tag("trust/includes/badges.html")
def trust_badges(request, variant: str = "compact", only: str = "") -> dict:
    """``{% load trust %}{% trust_badges request "compact" %}``: the badge strip, each linking to its evidence.

    Shows passing badges, and failing ones that must stay visible (an insecure connection, for example).
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
        "badges": [b for b in results if b.visible_in_strip],
        "variant": variant if variant in {"compact", "full"} else "compact",
    }
