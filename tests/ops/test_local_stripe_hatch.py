"""`make loadtest` runs production settings against localstripe on 127.0.0.1; nothing else may use plain http."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PRODUCTION_ENV = {
    "TRUSTMARK_ENV": "production",
    "SECRET_KEY": "x7Gq2#pLm9vR4tYw8zKc1nB6hJd3fS5aQeUoIiPl0ZxCvBnMmAsDfGhJkL",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "REDIS_PAGES_URL": "redis://127.0.0.1:6379/14",
    "STRIPE_SECRET_KEY": "sk_test_loadtest_only",
    "STRIPE_WEBHOOK_SECRET": "whsec_loadtest_only",
    "SHOP_BASE_URL": "https://127.0.0.1:8000",
}


def settings_load(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "TRUSTMARK_", "DATABASE_URL", "SHOP_"))
    }
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.STRIPE_API_BASE)"],
        env={**clean, **PRODUCTION_ENV, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_refuses_a_plain_http_stripe_without_the_loadtest_switch():
    result = settings_load(STRIPE_API_BASE="http://127.0.0.1:8420")
    assert result.returncode != 0
    assert "https API base" in result.stderr


def test_the_loadtest_switch_allows_only_a_loopback_localstripe():
    assert settings_load(STRIPE_API_BASE="http://127.0.0.1:8420", TRUSTMARK_ALLOW_LOCAL_STRIPE="1").returncode == 0
    remote = settings_load(STRIPE_API_BASE="http://stripe.example.net", TRUSTMARK_ALLOW_LOCAL_STRIPE="1")
    assert remote.returncode != 0 and "https API base" in remote.stderr


@pytest.mark.parametrize("base", ["https://api.stripe.com"])
def test_https_stripe_needs_no_switch(base):
    assert settings_load(STRIPE_API_BASE=base).returncode == 0
