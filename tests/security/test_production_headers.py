"""Production security headers and cookies, read from the real production settings [bar 19, 21].

`tests/core/test_settings_production.py` runs `check --deploy` and the refusals; here the production values are
loaded in a fresh interpreter, applied to this test's settings, and a real request shows what a browser gets.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.accounts.helpers import PASSWORD, user_make
from tests.core.test_settings_production import SETUP, clean_env, run_python

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_PROXY_SSL_HEADER",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "DEBUG",
]


@pytest.fixture(scope="module")
def production_values() -> dict:
    code = (
        SETUP
        + "; import json; from django.conf import settings as s; "
        + f"print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r}}}))"
        + "; print(json.dumps(s.CACHES))"
    )
    result = run_python(code, clean_env())
    assert result.returncode == 0, result.stderr
    values, cache = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])
    return {"settings": values, "cache": cache}


@pytest.fixture
def production_like(settings, production_values):
    for name, value in production_values["settings"].items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    return settings


def test_production_values_are_the_strict_ones(production_values):
    values = production_values["settings"]
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_production_caches_are_redis_shared_by_every_process_security_apart_from_pages(production_values):
    security, pages = production_values["cache"]["default"], production_values["cache"]["pages"]
    assert "Redis" in security["BACKEND"] and "Redis" in pages["BACKEND"]
    assert security["LOCATION"] == "redis://127.0.0.1:6379/0"  # REDIS_URL: allauth's rate limits, used codes
    assert security["OPTIONS"]["FAIL_CLOSED"] is True
    assert pages["LOCATION"] == "redis://127.0.0.1:6380/0"  # REDIS_PAGES_URL


def test_production_refuses_to_start_without_redis():
    result = run_python(SETUP, clean_env(REDIS_URL=None))
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production_like):
    response = client.get(reverse("shop:home"), HTTP_HOST="shop.example.com")
    assert response.status_code == 301
    assert response["Location"] == "https://shop.example.com/"


@pytest.mark.django_db
def test_https_responses_carry_the_security_headers(client, production_like):
    response = client.get(reverse("account_login"), HTTP_HOST="shop.example.com", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31_536_000
    assert "includeSubDomains" in hsts
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"strict-origin-when-cross-origin", "same-origin", "no-referrer"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    csrf = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True


@pytest.mark.django_db
def test_the_session_cookie_is_secure_httponly_and_lax(client, production_like):
    user = user_make(username="ada", email="ada@example.com")
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_HOST="shop.example.com",
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
