"""The versioned cache behind cached listings and checkout configuration: a change is never hidden by a cache."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from core.cache import pages_cache
from core.versioned_cache import (
    cached_in,
    namespace_changed,
    namespace_version,
    request_versions_end,
    request_versions_start,
)

pytestmark = pytest.mark.django_db


def test_a_cached_value_is_rebuilt_after_its_namespace_changes():
    assert cached_in("things", "answer", lambda: "first") == "first"
    assert cached_in("things", "answer", lambda: "second") == "first"  # cached
    assert cached_in("other", "answer", lambda: "other") == "other"  # namespaces are separate
    namespace_changed("things")
    assert cached_in("things", "answer", lambda: "second") == "second"
    assert cached_in("other", "answer", lambda: "changed") == "other"


def test_a_value_cached_between_the_write_and_its_commit_is_dropped_at_commit(django_capture_on_commit_callbacks):
    cached_in("things", "answer", lambda: "old")
    with django_capture_on_commit_callbacks(execute=True):
        namespace_changed("things")
        # Another process that still sees the uncommitted old rows caches them under the new version...
        assert cached_in("things", "answer", lambda: "old rows") == "old rows"
    # ...and the second bump at commit makes sure nobody reads that entry.
    assert cached_in("things", "answer", lambda: "committed rows") == "committed rows"


def test_a_lost_version_key_never_brings_back_old_entries():
    before = namespace_version("things")
    cached_in("things", "answer", lambda: "old")
    pages_cache.delete("version:things")  # evicted, or Redis restarted with some keys
    assert namespace_version("things") != before
    assert cached_in("things", "answer", lambda: "new") == "new"


def test_a_value_is_cached_in_the_pages_cache_never_the_security_cache():
    cached_in("things", "answer", lambda: "value")
    assert [key for key in caches["default"]._cache] == []
    assert any(key.endswith(":answer") for key in caches["pages"]._cache)


def test_not_found_is_not_cached_so_made_up_keys_take_no_entry():
    """Keys often come from a URL (``/p/<slug>/``): a visitor inventing slugs must not fill the cache."""
    calls = []
    for _ in range(2):
        assert cached_in("things", "no-such-slug", lambda: calls.append(1)) is None
    assert calls == [1, 1]
    assert not any(key.endswith(":no-such-slug") for key in caches["pages"]._cache)
    assert cached_in("things", "falsy", lambda: 0) == 0
    assert cached_in("things", "falsy", lambda: 1) == 0  # a real value, even a falsy one, is cached


def test_nothing_is_cached_when_the_cache_is_down(settings):
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES}
    assert namespace_version("things") is None
    assert cached_in("things", "answer", lambda: "a") == "a"
    assert cached_in("things", "answer", lambda: "b") == "b"


def test_a_request_reads_each_version_once_and_sees_its_own_writes():
    request_versions_start()
    try:
        first = namespace_version("things")
        pages_cache.incr("version:things")  # another process moves it on while this request runs
        assert namespace_version("things") == first  # the request goes on with the version it read
        namespace_changed("things")  # this request's own write
        assert namespace_version("things") > first + 1  # seen at once (the other process's change too)
    finally:
        request_versions_end()


def test_outside_a_request_every_read_asks_the_cache():
    """A task worker or a command runs for long: another process's change must show on its next read."""
    before = namespace_version("things")
    pages_cache.incr("version:things")
    assert namespace_version("things") == before + 1


def test_a_page_reads_the_catalogue_version_from_the_cache_once(client, monkeypatch):
    reads = []
    real_get = pages_cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    client.get("/search/", {"q": "kettle"})  # the versions exist from now on
    monkeypatch.setattr(pages_cache, "get", counting_get)
    for _ in range(2):  # each request reads it again, once
        reads.clear()
        client.get("/search/", {"q": "kettle"})  # the view, the filters and the cards each want the version
        assert reads.count("version:catalogue") == 1, reads
