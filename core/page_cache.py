"""Whole catalogue pages cached for anonymous, cookie-free visitors, keyed by everything they show (issue 20).

A visitor without cookies (but the CSRF cookie) sees the same home, category and product page as every other such
visitor: no cart, no account, no message, the default delivery country. ``AnonymousPageCacheMiddleware`` serves those
pages from the ``pages`` cache without running the view. It is correct only if the key changes whenever
anything the page shows changes, so the key is built from *parts*, each registered by the app that owns what it
covers (the hooks pattern of docs/architecture.md: core defines the place, higher apps fill it in their
``AppConfig.ready()``):

* shop: the catalogue version (stock, price, rating, names, pictures) and the listing filters;
* prices: the hour (the Omnibus prior price is computed per hour);
* reviews: the reviews version (every review, reply, vote, order status behind "verified") and the review filters;
* checkout: the delivery configuration's version and today's ship dates (the cut-off);
* trust: a fingerprint of the badges shown (they are re-evaluated every two minutes).

A part returns ``None`` when the request must not be served from the cache (``?ship_to=`` writes the session);
every query parameter must be claimed by a part that checked its raw value is the one canonical spelling
(anything else, junk parameters included, is rendered normally and never stored: keys from validated input
only). A missing part for a view means no caching for it.

A hit costs one cache round trip: the page's *slot* (a key from the view, the language and the address only)
is read together with the parts' namespace versions and the entries a part asked to have read along
(``prefetch``: the badges' cached results). The entry in the slot carries the *fingerprint* of every part's key
at the time it was stored; it is this page only when that equals the fingerprint computed now (a changed price,
review or badge changes the fingerprint: the page is rendered and the slot overwritten).

Per-shopper parts stay per shopper: a stored page holds no CSRF token (forms on these pages fetch theirs when
used, ``{% csrf_deferred %}``), and a response that used a token, set a cookie, wrote the session or showed a
message is never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from core.cache import pages_cache
from core.versioned_cache import namespace_versions_and

PAGE_TIMEOUT = 600  # entries of pages whose parts did not change are rebuilt this often all the same


@dataclass(frozen=True)
class PagePart:
    """What a part adds to a page's key, and the query parameters it validated (raw value == canonical one)."""

    key: str
    params: tuple[str, ...] = ()


# part(request, versions): ``versions`` holds the current version of each namespace the part declared, read for
# all parts of the page in one cache round trip (core/versioned_cache.py). A part registered with ``prefetch``
# (a function giving the ``pages`` keys it reads) is called as part(request, versions, cached=...), ``cached``
# holding those entries that were found, read in the same round trip.
PartFunction = Callable[..., PagePart | None]


@dataclass(frozen=True)
class _Registered:
    part: PartFunction
    namespaces: tuple[str, ...]
    prefetch: Callable[[], list[str]] | None


_PARTS: dict[str, list[_Registered]] = {}


def page_part_register(
    view_names: Iterable[str],
    part: PartFunction,
    *,
    namespaces: Iterable[str] = (),
    prefetch: Callable[[], list[str]] | None = None,
) -> None:
    """Register ``part`` for the pages ``view_names`` ("shop:product"), with the cache namespaces whose version
    it reads and the ``pages`` keys to read along (``prefetch``); idempotent."""
    entry = _Registered(part=part, namespaces=tuple(namespaces), prefetch=prefetch)
    for name in view_names:
        parts = _PARTS.setdefault(name, [])
        if entry not in parts:
            parts.append(entry)


@dataclass(frozen=True)
class PageLookup:
    slot: str  # the cache key of the page's address in this language
    fingerprint: str  # of every part's key now: the slot's entry is this page only if stored with it
    stored: tuple | None  # the slot's entry when its fingerprint matches: (fingerprint, content, content type)


def page_cache_lookup(request: HttpRequest) -> PageLookup | None:
    """The page's slot, fingerprint and stored copy (one cache round trip), or None when this request's page
    must be rendered (and not stored)."""
    match = request.resolver_match
    parts = _PARTS.get(match.view_name) if match else None
    if not parts or request.method != "GET":
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        # A cart, an account, a message, a chosen country, or a cookie added later that the page may read (a
        # currency, a preference): this visitor's own page. Only the CSRF cookie changes nothing a page shows.
        return None
    raw = "|".join([match.view_name, get_language() or "", request.get_full_path()])
    slot = "page:v2:" + hashlib.sha256(raw.encode()).hexdigest()
    namespaces = sorted({namespace for entry in parts for namespace in entry.namespaces})
    prefetched = [key for entry in parts if entry.prefetch for key in entry.prefetch()]
    versions, found = namespace_versions_and(namespaces, keys=[slot, *prefetched])
    if None in versions.values():
        return None  # the cache is unreachable: render
    keys, claimed = [], set()
    for entry in parts:
        result = entry.part(request, versions, cached=found) if entry.prefetch else entry.part(request, versions)
        if result is None:
            return None
        keys.append(result.key)
        claimed.update(result.params)
    if any(name not in claimed or len(values) != 1 for name, values in request.GET.lists()):
        return None
    fingerprint = hashlib.sha256("|".join(keys).encode()).hexdigest()
    stored = found.get(slot)
    if not (isinstance(stored, tuple) and stored[0] == fingerprint):
        stored = None
    return PageLookup(slot=slot, fingerprint=fingerprint, stored=stored)


def page_cache_key(request: HttpRequest) -> str | None:
    """The page's full key (slot and fingerprint), or None when this request's page is never cached."""
    lookup = page_cache_lookup(request)
    return f"{lookup.slot}:{lookup.fingerprint}" if lookup else None


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds this visitor's CSRF token (and will set its cookie)
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and (getattr(messages, "used", False) or messages._queued_messages))


class AnonymousPageCacheMiddleware:
    """Serve registered pages to cookie-free visitors from the cache; store them after a normal render."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        lookup: PageLookup | None = getattr(request, "_page_cache_lookup", None)
        if lookup is not None and lookup.stored is None and _storable(request, response):
            pages_cache.set(lookup.slot, (lookup.fingerprint, response.content, response["Content-Type"]),
                            PAGE_TIMEOUT)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        lookup = page_cache_lookup(request)
        if lookup is None:
            return None
        request._page_cache_lookup = lookup
        if lookup.stored is None:
            return None
        _fingerprint, content, content_type = lookup.stored
        response = HttpResponse(content, content_type=content_type)
        # A normal render reads the (empty) session for the header's account link: it varies on the cookie.
        patch_vary_headers(response, ("Cookie",))
        return response
