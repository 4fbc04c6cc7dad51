"""Redis down: the shop keeps selling (fail open), sign-in refuses politely (fail closed).

Both caches point at a closed port on 127.0.0.1, as in production when Redis has died: the pages cache fails
open, the security cache (allauth's rate limits and TOTP guard) fails closed.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from accounts.factories import UserFactory
from core.cache import CacheUnavailable, pages_cache
from shop.factories import ProductFactory
from shop.models import CartLine
from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.django_db


def redis_cache_settings(security_url: str, pages_url: str) -> dict:
    """Production's two caches (config/settings.py), each on its own Redis database."""
    redis = {"BACKEND": "core.cache.ResilientRedisCache", "KEY_PREFIX": "tm-ops-test"}
    return {
        "default": {**redis, "LOCATION": security_url, "OPTIONS": {"FAIL_CLOSED": True}},
        "pages": {**redis, "LOCATION": pages_url},
    }


@pytest.fixture
def redis_down(settings):
    port = free_port()  # nothing listens there
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{port}/0", f"redis://127.0.0.1:{port}/1")
    yield
    for alias in settings.CACHES:
        caches[alias].close()


@pytest.fixture
def redis_up(settings):
    settings.CACHES = redis_cache_settings("redis://127.0.0.1:6379/13", "redis://127.0.0.1:6379/14")
    try:
        cache._cache.get_client().ping()
    except Exception:
        pytest.skip("no Redis on 127.0.0.1:6379")
    yield
    for alias in settings.CACHES:
        caches[alias].clear()
        caches[alias].close()


def test_browsing_and_adding_to_cart_work_while_redis_is_down(client, redis_down):
    product = ProductFactory(stock=5)

    assert client.get(reverse("shop:home")).status_code == 200
    assert client.get(product.get_absolute_url()).status_code == 200
    response = client.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "2"}, follow=True)

    assert response.status_code == 200
    assert CartLine.objects.get(product=product).quantity == 2
    assert product.name in response.content.decode()


def test_login_is_refused_with_a_clear_message_while_redis_is_down(client, redis_down):
    UserFactory(email="shopper@example.com", password="correct-horse-battery")
    assert client.get(reverse("account_login")).status_code == 200  # the form still shows

    response = client.post(
        reverse("account_login"), {"login": "shopper@example.com", "password": "correct-horse-battery"}
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Sign-in is temporarily unavailable" in page
    assert "try again in a minute" in page
    # Refused means refused: no session was opened even with the right password.
    assert "_auth_user_id" not in client.session


def test_healthz_reports_the_cache_down_while_pages_still_serve(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "down", "security_cache": "down"}


def test_fail_open_for_the_pages_cache_fail_closed_for_the_security_cache(redis_down):
    assert pages_cache.get("catalogue:home", "fallback") == "fallback"
    pages_cache.set("catalogue:home", "x")  # skipped, no error
    assert pages_cache.add("catalogue:lock", 1) is False
    with pytest.raises(CacheUnavailable):
        cache.get("allauth:rl:allauth.account:login_failed:5/300/ip:127.0.0.1", [])
    with pytest.raises(CacheUnavailable):
        cache.add("allauth.mfa.totp.used?user=1&code=123456", "y", 30)  # TOTP re-use guard


def test_a_full_security_redis_refuses_sign_in_and_a_full_pages_redis_is_skipped(redis_down, monkeypatch):
    """Under ``maxmemory-policy noeviction`` a full Redis refuses writes with an out-of-memory error (stood in
    for by the client raising it: no Redis is reached)."""
    import redis

    def full(*args, **kwargs):
        raise redis.exceptions.OutOfMemoryError("command not allowed when used memory > 'maxmemory'.")

    for alias in ("default", "pages"):
        monkeypatch.setattr(caches[alias]._cache, "set", full)
        monkeypatch.setattr(caches[alias]._cache, "add", full)
    pages_cache.set("catalogue:home", "x")  # skipped, no error
    with pytest.raises(CacheUnavailable):
        cache.add("allauth.mfa.totp.used?user=1&code=123456", "y", 30)
    assert caches["default"].available  # a full Redis still answers: no reason to stop asking it


def test_after_one_failure_redis_is_not_retried_for_a_while(redis_down, monkeypatch):
    pages_cache.get("warm-up")  # fails, opens the breaker
    calls = []
    monkeypatch.setattr(pages_cache._cache, "get", lambda *args: calls.append(args))
    for _ in range(50):
        assert pages_cache.get("anything", "default") == "default"
    assert calls == []  # no round trip to a Redis known to be down


def test_with_redis_up_failed_logins_are_still_rate_limited(client, redis_up):
    """The wrapper changes nothing when Redis is healthy: after 5 failures even the right password is refused."""
    UserFactory(email="target@example.com", password="correct-horse-battery")
    for n in range(5):
        response = client.post(reverse("account_login"), {"login": "target@example.com", "password": f"wrong-{n}"})
        assert response.status_code == 200
    right = {"login": "target@example.com", "password": "correct-horse-battery"}
    response = client.post(reverse("account_login"), right)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_production_settings_use_the_resilient_cache_when_redis_url_is_set():
    env = {**os.environ, "TRUSTMARK_ENV": "test", "REDIS_URL": "redis://127.0.0.1:6379/13",
           "REDIS_PAGES_URL": "redis://127.0.0.1:6379/14"}
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; c = s.CACHES;"
         "print(c['default']['BACKEND'], c['default']['OPTIONS']['FAIL_CLOSED'], c['pages']['BACKEND']);"
         "print('core.cache.CacheUnavailableMiddleware' in s.MIDDLEWARE)"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert out == ["core.cache.ResilientRedisCache", "True", "core.cache.ResilientRedisCache", "True"]


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_signup", {"email": "new@example.com", "password1": "pass-1-long-x", "password2": "pass-1-long-x"}),
        ("account_reset_password", {"email": "shopper@example.com"}),
    ],
)
def test_sign_up_and_password_reset_are_refused_too_while_redis_is_down(client, redis_down, url_name, data):
    from django.contrib.auth import get_user_model

    users_before = get_user_model().objects.count()
    response = client.post(reverse(url_name), data)
    assert response.status_code == 503
    assert "Sign-in is temporarily unavailable" in response.content.decode()
    assert get_user_model().objects.count() == users_before
