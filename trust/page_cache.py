"""Trust's part of cached anonymous pages (core/page_cache.py): the badges they show.

Every page has the footer's badge strip (the product page a second, shorter one). The badges are re-evaluated
every two minutes (trust/selectors.py); the key holds a fingerprint of every badge a strip could show, so a
badge that changes shows on the next request, as on a page rendered without the cache. The cached results
are read in the page's one cache round trip (``prefetch``).
"""

from __future__ import annotations

from django.http import HttpRequest

from core.page_cache import PagePart, page_part_register
from trust.badges import REGISTRY
from trust.selectors import badges_cache_keys, badges_fingerprint, badges_shown


def _badges(request: HttpRequest, versions: dict[str, int], *, cached: dict) -> PagePart:
    """``cached``: the badges' cached results, read in the page's one round trip (``badges_cache_keys``). A badge
    that reads the request and says what of it (``request_key``: "secure connection") is keyed on that instead
    of being evaluated."""
    by_request = {key: spec.request_key for key, spec in REGISTRY.items() if not spec.cached and spec.request_key}
    evaluated = [key for key in REGISTRY if key not in by_request]
    fingerprint = badges_fingerprint(badges_shown(request=request, keys=evaluated, prefetched=cached))
    depends = ",".join(f"{key}={request_key(request)}" for key, request_key in by_request.items())
    return PagePart(key=f"badges:{fingerprint}:{depends}")


def register() -> None:
    page_part_register(["shop:home", "shop:category", "shop:product"], _badges, prefetch=badges_cache_keys)
