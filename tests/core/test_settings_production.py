"""Production mode refuses demo secrets and passes Django's deployment checklist (security bar #19, #21).

Each case runs Django in a fresh interpreter with its own environment, because settings are read at import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

STRONG_KEY = "k3Q9-vZ7x_Lm2pR8tY4wB6nC1dF5gH0jK2lM9qS7uV3xZ8aE4iO6yT1rW5eU0oP9"
PRODUCTION_ENV = {
    "TRUSTMARK_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "postgres://trustmark:secret@127.0.0.1:5432/trustmark",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "REDIS_PAGES_URL": "redis://127.0.0.1:6380/0",
    "STRIPE_SECRET_KEY": "sk_test_51NzExampleExampleExample",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_51NzExampleExampleExample",
    "STRIPE_WEBHOOK_SECRET": "whsec_ExampleExampleExampleExample",
    "STRIPE_API_BASE": "https://api.stripe.com",
    "STRIPE_JS_URL": "https://js.stripe.com/v3/",
    "SHOP_BASE_URL": "https://shop.example.com",
}
SETUP = "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()"


def clean_env(**overrides: str | None) -> dict[str, str]:
    """The current environment minus anything settings read, plus the production values and ``overrides``."""
    read = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "REDIS_PAGES_URL", "DEBUG", "SQLITE_PATH",
            "TRUSTMARK_ENV", "DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "EMAIL_BACKEND", "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE", "SHOP_BASE_URL"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in read and not k.startswith("STRIPE_")}
    env.update(PRODUCTION_ENV)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "strong SECRET_KEY"),
        ({"SECRET_KEY": "demo-insecure-trustmark-secret-key-do-not-use-in-production"}, "strong SECRET_KEY"),
        ({"SECRET_KEY": "too-short-key"}, "strong SECRET_KEY"),
        ({"SECRET_KEY": "a" * 60}, "strong SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"REDIS_PAGES_URL": None}, "REDIS_PAGES_URL"),
        ({"REDIS_PAGES_URL": "redis://127.0.0.1:6379/0"}, "REDIS_PAGES_URL must not be REDIS_URL"),
        ({"STRIPE_SECRET_KEY": None}, "STRIPE_SECRET_KEY"),
        ({"STRIPE_WEBHOOK_SECRET": None}, "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_API_BASE": "http://127.0.0.1:8420"}, "https API base"),
        # Every link in every email starts with SHOP_BASE_URL (core/absolute.py): https, and a host we serve.
        ({"SHOP_BASE_URL": None}, "SHOP_BASE_URL"),
        ({"SHOP_BASE_URL": "http://shop.example.com"}, "SHOP_BASE_URL"),
        ({"SHOP_BASE_URL": "https://elsewhere.example.net"}, "SHOP_BASE_URL"),
        ({"SHOP_BASE_URL": "https://shop.example.com/shop?x=1"}, "SHOP_BASE_URL"),
        ({"SHOP_BASE_URL": "shop.example.com"}, "SHOP_BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(overrides, message):
    result = run_python(SETUP, clean_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_with_real_looking_settings_starts():
    result = run_python(SETUP + "; print('started')", clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_production_passes_check_deploy_at_warning_level():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_can_fail_debug_left_on_is_caught():
    """The same command fails when a production setting is wrong: the check above is not vacuous."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_security_settings_have_the_expected_values():
    code = SETUP + (
        "; from django.conf import settings as s; import json; print(json.dumps({"
        "'debug': s.DEBUG, 'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'session_secure': s.SESSION_COOKIE_SECURE,"
        "'session_httponly': s.SESSION_COOKIE_HTTPONLY, 'csrf_secure': s.CSRF_COOKIE_SECURE,"
        "'xfo': s.X_FRAME_OPTIONS, 'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF,"
        "'coop': s.SECURE_CROSS_ORIGIN_OPENER_POLICY,"
        "'referrer': s.SECURE_REFERRER_POLICY, 'cache': s.CACHES['default']['BACKEND'],"
        "'db': s.DATABASES['default']['ENGINE'], 'verification': s.ACCOUNT_EMAIL_VERIFICATION,"
        "'bypass': getattr(s, 'MFA_TOTP_INSECURE_BYPASS_CODE', None)}))"
    )
    result = run_python(code, clean_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["hsts"] >= 31_536_000 and values["subdomains"] is True
    assert values["ssl_redirect"] is True
    assert values["session_secure"] and values["session_httponly"] and values["csrf_secure"]
    assert values["xfo"] == "DENY" and values["nosniff"] is True and values["coop"] == "same-origin"
    assert values["referrer"]
    assert "Redis" in values["cache"]  # a cache shared by every process (rate limits, TOTP re-use guard)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["verification"] == "mandatory"
    assert values["bypass"] is None


def test_seed_demo_refuses_to_run_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "refuses to run with TRUSTMARK_ENV=production" in result.stderr
