"""Reads for the trust centre: evaluate the badges (briefly cached) and the anti-phishing facts."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from core.absolute import shop_origin
from core.cache import pages_cache
from trust.badges import REGISTRY, BadgeResult, _origin

# Evidence is recomputed at least this often; the page says when each result was computed.
BADGE_CACHE_SECONDS = 120
CACHE_PREFIX = "trust:badge:v2"  # v2: BadgeResult lost its per-badge "show when failing" flag
logger = logging.getLogger(__name__)


def _cache_key(key: str) -> str:
    return f"{CACHE_PREFIX}:{key}:{get_language() or settings.LANGUAGE_CODE}"


def _seconds() -> int:
    return getattr(settings, "TRUST_BADGE_CACHE_SECONDS", BADGE_CACHE_SECONDS)


def badge_evaluate(*, key: str, request: HttpRequest | None) -> BadgeResult:
    """One badge's result: from the cache if computed in the last two minutes, else computed now."""
    return badges_evaluate(request=request, keys=[key])[0]


def badges_cache_keys() -> list[str]:
    """The ``pages`` keys of every cached badge result in the current language (to read along with others)."""
    return [_cache_key(key) for key, spec in REGISTRY.items() if spec.cached] if _seconds() else []


def badges_evaluate(
    *, request: HttpRequest | None, keys: list[str] | None = None, prefetched: dict | None = None
) -> list[BadgeResult]:
    """Results in registry order (or ``keys`` order); one cache round trip for all the cached ones, none when
    the caller read them already (``prefetched``: what it found under ``badges_cache_keys()``)."""
    keys = list(REGISTRY) if keys is None else keys
    seconds = _seconds()
    cached_keys = [key for key in keys if REGISTRY[key].cached]
    if prefetched is not None:
        found = prefetched
    else:
        found = pages_cache.get_many([_cache_key(key) for key in cached_keys]) if seconds and cached_keys else {}
    results: list[BadgeResult] = []
    fresh: dict[str, BadgeResult] = {}
    for key in keys:
        spec = REGISTRY[key]
        result = found.get(_cache_key(key)) if spec.cached else None
        if result is None:
            result = spec.function(request=request or None)
            if spec.cached:
                fresh[_cache_key(key)] = result
        results.append(result)
    if fresh and seconds:
        pages_cache.set_many(fresh, seconds)
    return results


def badges_shown(
    *, request: HttpRequest | None, keys: list[str] | None = None, prefetched: dict | None = None
) -> list[BadgeResult]:
    """What a strip is built from (``badge_strip``): every result, passing or not, in registry (or ``keys``) order.

    The strip decorates every page: if the evidence cannot be read, it shows no badge rather than no page."""
    try:
        results = badges_evaluate(request=request or None, keys=keys, prefetched=prefetched)
    except DatabaseError:
        logger.exception("trust badges could not be computed")
        return []
    return results


def badges_fingerprint(badges: list[BadgeResult], *, with_state: bool = True) -> str:
    """A short hash of what a strip shows (key, title, pass/fail, and the state): equal strips, equal HTML."""
    shown = [(b.key, str(b.title), b.passed, str(b.state) if with_state else "") for b in badges]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:24]


def badges_cache_clear() -> None:
    keys = [f"{CACHE_PREFIX}:{key}:{code}" for key in REGISTRY for code, _name in settings.LANGUAGES]
    pages_cache.delete_many(keys)


@dataclass(frozen=True)
class BadgeStrip:
    """The one rule for every place badges appear (footer, product page, checkout): a check that passes shows
    its badge; a check that fails shows no badge, and the strip says how many of its checks are not met,
    linking to the first on the trust centre. The trust centre shows every check with its state."""

    shown: list[BadgeResult]
    not_met: list[BadgeResult]

    @property
    def not_met_anchor(self) -> str:
        return self.not_met[0].anchor if self.not_met else ""


def badge_strip(*, results: list[BadgeResult]) -> BadgeStrip:
    return BadgeStrip(shown=[b for b in results if b.passed], not_met=[b for b in results if not b.passed])


@dataclass(frozen=True)
class AntiPhishingFacts:
    email_domain: str
    shop_origin: str
    stripe_origin: str


def anti_phishing_facts() -> AntiPhishingFacts:
    """The only domain we send email from and the only origins a payment page of ours is ever on.

    The shop's origin is the configured one: a request's Host header must not tell shoppers where we are.
    """
    return AntiPhishingFacts(
        email_domain=settings.SHOP_EMAIL_DOMAIN,
        shop_origin=shop_origin(),
        stripe_origin=_origin(settings.STRIPE_JS_URL),
    )


def url_or_blank(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
