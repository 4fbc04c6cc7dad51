"""The versioned cache behind cached listings and checkout configuration: a change is never hidden by a cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from core.versioned_cache import cached_in, namespace_changed, namespace_version

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
    cache.delete("version:things")  # evicted, or Redis restarted with some keys
    assert namespace_version("things") != before
    assert cached_in("things", "answer", lambda: "new") == "new"


def test_none_is_cached_like_any_other_value():
    calls = []
    for _ in range(2):
        cached_in("things", "missing", lambda: calls.append(1))
    assert calls == [1]


def test_nothing_is_cached_when_the_cache_is_down(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert namespace_version("things") is None
    assert cached_in("things", "answer", lambda: "a") == "a"
    assert cached_in("things", "answer", lambda: "b") == "b"
