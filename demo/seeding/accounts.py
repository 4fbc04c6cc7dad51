"""Demo accounts: one login per role. ``DEMO_LOGINS`` is the one list: ``seed_demo`` creates it, ``make demo``'s
banner and the README table show it. The passwords and the staff TOTP secret are public on purpose: demo only
(``seed_demo`` refuses to run in production)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts import roles
from accounts.factories import UserFactory
from accounts.services import roles_ensure


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    staff: bool = False  # staff: two-factor with MERCHANT_TOTP_SECRET, the admin at /admin/
    group: str = ""  # the staff role's group (accounts/roles.py)


MERCHANT = DemoLogin(
    "owner (admin)", "merchant@trustmark.example", "demo-merchant-pass-1", staff=True, group=roles.OWNER
)
FULFILMENT = DemoLogin(
    "fulfilment (admin)", "fulfilment@trustmark.example", "demo-fulfilment-pass-1", staff=True, group=roles.FULFILMENT
)
SUPPORT_AGENT = DemoLogin(
    "support (admin)", "support-agent@trustmark.example", "demo-support-pass-1", staff=True, group=roles.SUPPORT
)
SHOPPER = DemoLogin("shopper", "shopper@trustmark.example", "demo-shopper-pass-1")
DEMO_LOGINS = [MERCHANT, FULFILMENT, SUPPORT_AGENT, SHOPPER]
# Base32, public on purpose so anyone running the demo can add it to an authenticator app. Every staff login
# uses it. Demo only: seed_demo refuses to run in production.
MERCHANT_TOTP_SECRET = "TRUSTMARKDEMOSECRETONLYFORDEMO23"  # noqa: S105


def merchant_totp_uri() -> str:
    import pyotp

    return pyotp.TOTP(MERCHANT_TOTP_SECRET).provisioning_uri(name=MERCHANT.email, issuer_name=settings.MFA_TOTP_ISSUER)


def totp_code_command() -> str:
    """A shell command that prints the staff logins' current two-factor code."""
    code = f"import pyotp; print(pyotp.TOTP('{MERCHANT_TOTP_SECRET}').now())"
    return f'.venv/bin/python -c "{code}"'


def seed_users() -> list[DemoLogin]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    User = get_user_model()
    groups = roles_ensure()
    for login in DEMO_LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = UserFactory(
                username=login.email.split("@")[0], email=login.email, password=login.password, is_staff=login.staff
            )
        EmailAddress.objects.update_or_create(
            user=user, email=login.email, defaults={"verified": True, "primary": True}
        )
        if login.staff:
            user.groups.set([groups[login.group]])
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, MERCHANT_TOTP_SECRET)
                RecoveryCodes.activate(user)
    return DEMO_LOGINS
