"""Sign-in security: rate limits, TOTP single use, password reset vs 2FA, session rotation, logout
[security bar 21-25; ASVS 6.3.3, 7.2.4]. Everything goes through allauth's real views."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from tests.accounts.helpers import PASSWORD, mfa_step, password_step, sign_in, totp_code, totp_enable, user_make

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture
def ada():
    return user_make(username="ada", email="ada@example.com")


def authenticated_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


# --- Rate limits (bar 22) ---------------------------------------------------------------------


def test_sixth_failed_login_is_refused_even_with_the_right_password(client, ada):
    for _attempt in range(5):
        response = password_step(client, email=ada.email, password="wrong-password-123")
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in response.content.decode()
    response = password_step(client, email=ada.email, password=PASSWORD)
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert authenticated_user_id(client) is None


def test_failed_logins_are_counted_per_account_across_browsers(client, django_user_model, ada):
    from django.test import Client

    for _attempt in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{_attempt + 1}").post(
            reverse("account_login"), {"login": ada.email, "password": "wrong-password-123"}
        )
    other = Client(REMOTE_ADDR="203.0.113.9")
    response = other.post(reverse("account_login"), {"login": ada.email, "password": PASSWORD})
    assert TOO_MANY in response.content.decode()


def test_admin_login_is_allauths_login(client, ada):
    """Django's own admin login form (no rate limit, no MFA) is never reachable."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert authenticated_user_id(client) is None


def test_wrong_totp_codes_are_rate_limited(client, ada):
    secret = totp_enable(ada)
    password_step(client, email=ada.email)
    current = pyotp.TOTP(secret)
    wrong = f"{(int(current.now()) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        response = mfa_step(client, code=wrong)
        assert response.status_code == 200
        assert "Incorrect code." in response.content.decode()
    response = mfa_step(client, code=totp_code(secret))
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert authenticated_user_id(client) is None


# --- TOTP single use and the bypass code (bar 23) --------------------------------------------------


def test_a_totp_code_works_once(client, ada):
    secret = totp_enable(ada)
    code = totp_code(secret, at_least_seconds_left=12)
    password_step(client, email=ada.email)
    assert mfa_step(client, code=code).status_code == 302
    assert authenticated_user_id(client) == str(ada.pk)
    client.post(reverse("account_logout"))

    # An attacker who watched the code being typed replays it within the same 30 s window.
    password_step(client, email=ada.email)
    response = mfa_step(client, code=code)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert authenticated_user_id(client) is None


def test_the_insecure_bypass_code_is_not_configured_here():
    assert getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None) is None
    assert mfa_settings.TOTP_INSECURE_BYPASS_CODE is None
    source = (ROOT / "config" / "settings.py").read_text()
    assert not re.search(r"^\s*MFA_TOTP_INSECURE_BYPASS_CODE\s*=", source, re.MULTILINE)


@pytest.mark.parametrize("mode", ["dev", "production"])
def test_the_insecure_bypass_code_is_unset_in_dev_and_production(mode):
    env = {
        **os.environ,
        "TRUSTMARK_ENV": mode,
        "SECRET_KEY": "x9" * 30 + "-strong-test-key",
        "ALLOWED_HOSTS": "shop.example",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_PAGES_URL": "redis://127.0.0.1:6380/0",
        "STRIPE_SECRET_KEY": "sk_test_123",
        "STRIPE_WEBHOOK_SECRET": "whsec_123",
        "STRIPE_API_BASE": "https://api.stripe.com",
        "STRIPE_JS_URL": "https://js.stripe.com/v3/",
        "SHOP_BASE_URL": "https://shop.example",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from allauth.mfa import app_settings as a; "
        "print(repr(getattr(settings, 'MFA_TOTP_INSECURE_BYPASS_CODE', None)), repr(a.TOTP_INSECURE_BYPASS_CODE))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None None"


# --- Password reset never bypasses 2FA (bar 24) ---------------------------------------------------


def test_password_reset_does_not_sign_in_or_skip_the_second_factor(client, ada):
    secret = totp_enable(ada)
    client.post(reverse("account_reset_password"), {"email": ada.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S*/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response["Location"]
    response = client.post(form_url, {"password1": "a-brand-new-pass-42", "password2": "a-brand-new-pass-42"})
    assert response.status_code == 302
    assert authenticated_user_id(client) is None  # the reset itself signs nobody in

    response = password_step(client, email=ada.email, password="a-brand-new-pass-42")
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert authenticated_user_id(client) is None
    assert client.get(reverse("accounts:overview")).status_code == 302
    assert mfa_step(client, code=totp_code(secret)).status_code == 302
    assert authenticated_user_id(client) == str(ada.pk)


# --- Sessions (bar 25) ------------------------------------------------------------------------------


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_session_key_rotates_at_password_login(client, ada):
    session = client.session
    session["shopper_was_here"] = True
    session.save()
    before = session_key(client)
    sign_in(client, ada)
    after = session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_session_key_rotates_after_the_two_factor_step(client, ada):
    secret = totp_enable(ada)
    session = client.session
    session["shopper_was_here"] = True
    session.save()
    before = session_key(client)
    password_step(client, email=ada.email)
    pending = session_key(client)
    assert authenticated_user_id(client) is None
    mfa_step(client, code=totp_code(secret))
    after = session_key(client)
    assert authenticated_user_id(client) == str(ada.pk)
    assert after not in {before, pending}
    assert not Session.objects.filter(session_key__in=[before, pending]).exists()


def test_logout_ends_the_server_session(client, ada):
    sign_in(client, ada)
    key = session_key(client)
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()

    # Replaying the old cookie gets nobody in.
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get(reverse("accounts:overview")).status_code == 302
