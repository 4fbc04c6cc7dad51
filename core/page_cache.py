"""Whole catalogue pages cached for anonymous, cookie-free visitors, keyed by everything they show (issue 20).

A visitor without a session cookie sees the same home, category and product page as every other such visitor:
no cart, no account, no message, the default delivery country. ``AnonymousPageCacheMiddleware`` serves those
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

Per-shopper parts stay per shopper: a page with a form is stored with a hole where the CSRF token goes, and each
response gets the visitor's own token (and cookie) as if rendered for them. Responses that set a cookie, wrote
the session or showed a message are never stored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from core.cache import pages_cache
from core.versioned_cache import namespace_versions

PAGE_TIMEOUT = 600  # entries of pages whose parts did not change are rebuilt this often all the same
_CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_HOLE = b"{{page-cache:csrf}}"
MESSAGE_COOKIE = "messages"  # django.contrib.messages' CookieStorage


@dataclass(frozen=True)
class PagePart:
    """What a part adds to a page's key, and the query parameters it validated (raw value == canonical one)."""

    key: str
    params: tuple[str, ...] = ()


# part(request, versions): ``versions`` holds the current version of each namespace the part declared, read for
# all parts of the page in one cache round trip (core/versioned_cache.py).
PartFunction = Callable[[HttpRequest, dict[str, int]], PagePart | None]
_PARTS: dict[str, list[tuple[PartFunction, tuple[str, ...]]]] = {}


def page_part_register(view_names: Iterable[str], part: PartFunction, *, namespaces: Iterable[str] = ()) -> None:
    """Register ``part`` for the pages ``view_names`` ("shop:product"), with the cache namespaces whose version
    it reads; idempotent."""
    entry = (part, tuple(namespaces))
    for name in view_names:
        parts = _PARTS.setdefault(name, [])
        if entry not in parts:
            parts.append(entry)


def page_cache_key(request: HttpRequest) -> str | None:
    """The page's cache key, or None when this request's page must be rendered (and not stored)."""
    match = request.resolver_match
    parts = _PARTS.get(match.view_name) if match else None
    if not parts or request.method != "GET":
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGE_COOKIE in request.COOKIES:
        return None  # a cart, an account, a message, a chosen country: this visitor's own page
    versions = namespace_versions(sorted({namespace for _part, namespaces in parts for namespace in namespaces}))
    if None in versions.values():
        return None  # the cache is unreachable: render
    keys, claimed = [], set()
    for part, _namespaces in parts:
        result = part(request, versions)
        if result is None:
            return None
        keys.append(result.key)
        claimed.update(result.params)
    if any(name not in claimed or len(values) != 1 for name, values in request.GET.lists()):
        return None
    raw = "|".join([match.view_name, get_language() or "", request.get_full_path(), *keys])
    return "page:v1:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
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
        key = getattr(request, "_page_cache_key", None)
        if key and not getattr(request, "_page_cache_hit", False) and _storable(request, response):
            content = response.content
            uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
            if uses_csrf:
                content, holes = _CSRF_INPUT.subn(rb"\1" + _CSRF_HOLE + rb"\2", content)
                if not holes:
                    return response  # the token went somewhere we cannot find again: do not store
            pages_cache.set(key, (content, response["Content-Type"], uses_csrf), PAGE_TIMEOUT)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        key = page_cache_key(request)
        if key is None:
            return None
        request._page_cache_key = key
        stored = pages_cache.get(key)
        if stored is None:
            return None
        content, content_type, uses_csrf = stored
        if uses_csrf:  # this visitor's own token (and cookie, set by CsrfViewMiddleware), as in a normal render
            content = content.replace(_CSRF_HOLE, get_token(request).encode())
        request._page_cache_hit = True
        response = HttpResponse(content, content_type=content_type)
        # A normal render reads the (empty) session for the header's account link: it varies on the cookie.
        patch_vary_headers(response, ("Cookie",))
        return response
