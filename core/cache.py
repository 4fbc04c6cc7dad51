"""The two caches, and the production backend: Redis that fails open for shopping and closed for security.

Two cache aliases, never one (docs/operations-cache.md):

* ``default`` (``SECURITY_CACHE``) holds security state only: allauth's rate limits (failed logins, password
  resets, signups) and its "TOTP code already used" guard. allauth reads ``django.core.cache.cache``, the default
  alias, and has no setting for another one. Nothing else in the project writes here (but ``/healthz``'s one probe
  key), so no visitor can fill it and push those keys out (in production: its own Redis, ``noeviction``).
* ``pages`` (``PAGES_CACHE``, used through ``pages_cache``) holds everything cached for speed: listing fragments,
  the versioned catalogue entries, badges, omnibus prices. It is bounded and may evict anything at any time.

When Redis is down the shop keeps selling: ``pages`` reads return their default and writes are skipped (a
warning is logged). But the security cache's entries are security controls, not speed-ups: failing open there
would switch off brute-force protection exactly when an attacker has knocked Redis over. A cache configured with
``"OPTIONS": {"FAIL_CLOSED": True}`` raises ``CacheUnavailable`` instead, and ``CacheUnavailableMiddleware``
answers with a 503 page: "Sign-in is temporarily unavailable, try again in a minute". A full security Redis
(``noeviction`` refuses writes with an out-of-memory error) is refused the same way, never a 500.

After a connection failure the backend stops trying Redis for ``RETRY_AFTER`` seconds (a small circuit
breaker), so an unreachable Redis costs each request nothing rather than one connect timeout per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

logger = logging.getLogger(__name__)

SECURITY_CACHE = DEFAULT_CACHE_ALIAS  # where allauth looks: django.core.cache.cache
PAGES_CACHE = "pages"
# The cache for everything the project caches for speed (like ``django.core.cache.cache``, for the other alias).
pages_cache = ConnectionProxy(caches, PAGES_CACHE)


class CacheUnavailable(Exception):  # noqa: N818 - reads better at the raise site than "...Error"
    """A security-relevant cache operation could not run: the caller must refuse, not carry on."""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _redis_full() -> type[BaseException]:
    import redis

    return redis.exceptions.OutOfMemoryError  # a write refused under maxmemory-policy noeviction


class _ReusedRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool: Django builds a new one for every cache
    call, which costs about 0.2 ms (its table of response callbacks), more than a local round trip."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, failing open (default / no-op), or closed (``CacheUnavailable``) with FAIL_CLOSED."""

    def __init__(self, server: str, params: dict) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 5.0))
        self.fail_closed = bool(options.pop("FAIL_CLOSED", False))
        # Short socket timeouts: a hung Redis must not hang the shop.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry_on_timeout", False)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _ReusedRedisCacheClient
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
            logger.warning("cache: Redis unavailable during %s (%s); failing %s for %.0fs",
                           operation, error, "closed" if self.fail_closed else "open", self.retry_after)

    def _guard(self, operation: str, call: Callable[[], Any], default: Any) -> Any:
        if not self.available:
            if self.fail_closed:
                raise CacheUnavailable(operation)
            return default
        try:
            return call()
        except _redis_errors() as error:
            self._trip(operation, error)
            if self.fail_closed:
                raise CacheUnavailable(operation) from error
            return default
        except _redis_full() as error:  # Redis answers, it is only full: no reason to stop asking it
            logger.warning("cache: Redis refused %s: %s", operation, error)
            if self.fail_closed:
                raise CacheUnavailable(operation) from error
            return default

    # -- the cache API -----------------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
                           False)

    def get(self, key, default=None, version=None):
        return self._guard("get", lambda: super(ResilientRedisCache, self).get(key, default, version),
                           default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
                           None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
                           False)

    def delete(self, key, version=None):
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        return self._guard("set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
                           list(data))

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version),
                           None)

    def clear(self):
        return self._guard("clear", lambda: super(ResilientRedisCache, self).clear(), False)


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
