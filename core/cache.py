"""The production cache: Redis that fails open for shopping and closed for security.

When Redis is down the shop keeps selling: cache reads return their default and writes are skipped (a warning
is logged). But some cache entries are security controls, not speed-ups: allauth's rate limits (failed logins,
password resets, signups) and its TOTP re-use guard. Failing open there would switch off brute-force protection
exactly when an attacker has knocked Redis over, so for those keys the cache raises ``CacheUnavailable``, and
``CacheUnavailableMiddleware`` answers with a 503 page: "Sign-in is temporarily unavailable, try again in a
minute".

After a failure the backend stops trying Redis for ``RETRY_AFTER`` seconds (a small circuit breaker), so an
unreachable Redis costs each request nothing rather than one connect timeout per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Keys whose loss would weaken security: allauth's rate limits ("allauth:rl:...") and their locks, and the
# TOTP used-code guard ("allauth.mfa.totp.used?...").
FAIL_CLOSED_PREFIXES = ("allauth:", "allauth.")


class CacheUnavailable(Exception):  # noqa: N818 - reads better at the raise site than "...Error"
    """A security-relevant cache operation could not run: the caller must refuse, not carry on."""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, failing open (default / no-op) except for ``FAIL_CLOSED_PREFIXES`` keys."""

    def __init__(self, server: str, params: dict) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 5.0))
        # Short socket timeouts: a hung Redis must not hang the shop.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry_on_timeout", False)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    # -- circuit breaker -------------------------------------------------------------------------
    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _trip(self, operation: str, error: BaseException) -> None:
        with self._lock:
            already_down = not self.available
            self._down_until = time.monotonic() + self.retry_after
        if not already_down:
            logger.warning("cache: Redis unavailable during %s (%s); failing open for %.0fs",
                           operation, error, self.retry_after)

    def _guard(self, operation: str, keys: list[str], call: Callable[[], Any], default: Any) -> Any:
        fail_closed = any(str(key).startswith(FAIL_CLOSED_PREFIXES) for key in keys)
        if not self.available:
            if fail_closed:
                raise CacheUnavailable(operation)
            return default
        try:
            return call()
        except _redis_errors() as error:
            self._trip(operation, error)
            if fail_closed:
                raise CacheUnavailable(operation) from error
            return default

    # -- the cache API -----------------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", [key], lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
                           False)

    def get(self, key, default=None, version=None):
        return self._guard("get", [key], lambda: super(ResilientRedisCache, self).get(key, default, version),
                           default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", [key], lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
                           None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", [key], lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
                           False)

    def delete(self, key, version=None):
        return self._guard("delete", [key], lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._guard("get_many", keys, lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard("has_key", [key], lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", [key], lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        return self._guard("set_many", list(data),
                           lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._guard("delete_many", keys,
                           lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._guard("clear", [], lambda: super(ResilientRedisCache, self).clear(), False)


class CacheUnavailableMiddleware:
    """Turn ``CacheUnavailable`` (a fail-closed security check could not run) into a clear 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CacheUnavailable):
            return None
        logger.warning("refused %s %s: security cache unavailable (%s)", request.method, request.path, exception)
        response = render(request, "core/signin_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return response
