"""Caches invalidated by a version number per namespace, not by finding and deleting keys.

A namespace ("catalogue", "checkout-config") has a version number stored in the cache. Every entry cached for it
carries that number in its key, and ``namespace_changed`` moves the number on, so nothing built from older rows
is read again (those entries simply expire). Writers call it for every change that a cached entry may show:
saves and deletes through signals, and explicitly after queryset ``.update()`` calls (stock moves), which send no
signal.

The version moves twice: at once, so this request and tests see their own write, and again after the transaction
commits, because a reader between the write and the commit still sees the old rows and may cache them under the
new number. When the cache is unreachable (``ResilientRedisCache`` fails open) everything is computed directly.

Entries live in the ``pages`` cache (core/cache.py). Keys often come from a URL (a product's slug): a build that
finds nothing (``None``) is never stored, so made-up slugs cost a query each but take no cache entry.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from asgiref.local import Local
from django.db import transaction

from core.cache import pages_cache

T = TypeVar("T")
DEFAULT_TIMEOUT = 600  # entries of an unchanged namespace are rebuilt this often all the same
_MISSING = object()


# The versions a request has read, so it reads each namespace's once (a page reads the catalogue's or the rates'
# in several places). Only inside a request (``request_started`` to ``request_finished``, connected in
# ``CoreConfig.ready``): a worker or a command runs for long and must see other processes' changes. A write
# forgets its namespace's entry, so a request still sees its own write. A version another process moves on during
# the request is seen by the next request: entries stored meanwhile hold rows at least as new as their key says.
_request = Local()


def request_versions_start(**kwargs) -> None:
    _request.versions = {}


def request_versions_end(**kwargs) -> None:
    _request.versions = None


def _version_key(namespace: str) -> str:
    return f"version:{namespace}"


def _remember(namespace: str, version: int | None) -> None:
    remembered = getattr(_request, "versions", None)
    if remembered is not None and version is not None:
        remembered[namespace] = version


def namespace_version(namespace: str) -> int | None:
    """The namespace's current version, or None when the cache cannot keep one (then nothing is cached)."""
    remembered = getattr(_request, "versions", None)
    if remembered and namespace in remembered:
        return remembered[namespace]
    key = _version_key(namespace)
    version = pages_cache.get(key)
    if version is None:
        # Start from the clock, not from 1: a version key lost from the cache (eviction, restart) must not come
        # back with a number whose old entries are still stored.
        pages_cache.add(key, time.time_ns(), timeout=None)
        version = pages_cache.get(key)
    _remember(namespace, version)
    return version


def namespace_versions(namespaces: list[str]) -> dict[str, int | None]:
    """Several namespaces' versions in one cache round trip (missing ones are started as ``namespace_version``)."""
    return namespace_versions_and(namespaces, keys=[])[0]


def namespace_versions_and(namespaces: list[str], *, keys: list[str]) -> tuple[dict[str, int | None], dict]:
    """The namespaces' versions and the ``pages`` entries under ``keys`` (those found), in one cache round trip."""
    version_keys = {namespace: _version_key(namespace) for namespace in namespaces}
    found = pages_cache.get_many([*version_keys.values(), *keys])
    versions = {
        namespace: found.get(key) or namespace_version(namespace) for namespace, key in version_keys.items()
    }
    for namespace, version in versions.items():
        _remember(namespace, version)
    return versions, {key: found[key] for key in keys if key in found}


def _bump(namespace: str) -> None:
    remembered = getattr(_request, "versions", None)
    if remembered:
        remembered.pop(namespace, None)
    key = _version_key(namespace)
    try:
        pages_cache.incr(key)
    except ValueError:  # no version yet (or evicted): any fresh number invalidates what was cached
        pages_cache.set(key, time.time_ns(), timeout=None)


def namespace_changed(namespace: str) -> None:
    """Invalidate everything cached under ``namespace``: now, and once more when the transaction commits."""
    _bump(namespace)
    transaction.on_commit(lambda: _bump(namespace))


def cached_in(
    namespace: str, key: str, build: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT, version: int | None = None
) -> T:
    """``build()``'s result, cached under the namespace's current version (``None``, "not found", is not cached).

    ``version``: the namespace's version when the caller has just read it (``namespace_versions``)."""
    version = version or namespace_version(namespace)
    if version is None:
        return build()
    full_key = f"{namespace}:{version}:{key}"
    value = pages_cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None:
            pages_cache.set(full_key, value, timeout)
    return value


class ProcessSnapshot(Generic[T]):
    """A small table read on nearly every request (checkout's zones and fees, the currency rates), cached under its
    namespace's version. The snapshot of one version never changes, so each process also keeps the last one it
    read: a request pays one cache round trip (the version) instead of two and unpickles nothing. The kept copy is
    only ever used while the shared version still names it, so every process sees a change on its next read."""

    def __init__(self, namespace: str, key: str, build: Callable[[], T]) -> None:
        self.namespace, self.key, self.build = namespace, key, build
        self._last: tuple[int, T] | None = None

    def get(self, *, version: int | None = None) -> T:
        """The current snapshot (``version``: the namespace's version, when the caller has just read it)."""
        version = version or namespace_version(self.namespace)
        if version is None:
            return self.build()  # the cache is unreachable
        last = self._last
        if last is not None and last[0] == version:
            return last[1]
        value = cached_in(self.namespace, self.key, self.build, version=version)
        self._last = (version, value)
        return value
