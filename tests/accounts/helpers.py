"""Helpers shared by tests/accounts and tests/security: users with verified email, TOTP codes, allauth sign-in."""

from __future__ import annotations

import time

import pyotp
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from accounts.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"
BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


def user_make(*, username: str = "ada", staff: bool = False, superuser: bool = False, **kwargs):
    user = UserFactory(username=username, is_staff=staff or superuser, is_superuser=superuser, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def totp_enable(user, *, secret: str | None = None) -> str:
    """Give ``user`` an authenticator app (and recovery codes) the way allauth stores them; return the secret."""
    secret = secret or pyotp.random_base32()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str, *, at_least_seconds_left: int = 3) -> str:
    """A current code, waiting for the next 30 s window if this one is about to end (no flaky boundary)."""
    remaining = 30 - (time.time() % 30)
    if remaining < at_least_seconds_left:
        time.sleep(remaining + 0.1)
    return pyotp.TOTP(secret).now()


def password_step(client, *, email: str, password: str = PASSWORD, next_url: str | None = None):
    url = reverse("account_login")
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, {"login": email, "password": password}, HTTP_USER_AGENT=BROWSER_UA)


def mfa_step(client, *, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code}, HTTP_USER_AGENT=BROWSER_UA)


def sign_in(client, user, *, secret: str | None = None, password: str = PASSWORD):
    """The full allauth sign-in: password, then the TOTP code if the user has one. Returns the last response."""
    response = password_step(client, email=user.email, password=password)
    if secret is not None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_authenticate")), response
        response = mfa_step(client, code=totp_code(secret))
    assert response.status_code == 302, response.content[:2000]
    assert client.session.get("_auth_user_id") == str(user.pk)
    return response


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def address_data(**overrides) -> dict:
    data = {
        "full_name": "Ada Lovelace",
        "line1": "Keizersgracht 1",
        "line2": "",
        "postal_code": "1015 CJ",
        "city": "Amsterdam",
        "country": "NL",
    }
    data.update(overrides)
    return data
