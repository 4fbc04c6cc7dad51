"""Demo accounts. The passwords and the merchant's TOTP secret are printed by `make demo`: demo only."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.factories import UserFactory
from accounts.services import merchant_group_ensure


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


MERCHANT = DemoLogin("merchant (staff, admin)", "merchant@trustmark.example", "demo-merchant-pass-1")
SHOPPER = DemoLogin("shopper", "shopper@trustmark.example", "demo-shopper-pass-1")
DEMO_LOGINS = [MERCHANT, SHOPPER]
# Base32, public on purpose so anyone running the demo can add it to an authenticator app. Demo only:
# seed_demo refuses to run in production.
MERCHANT_TOTP_SECRET = "TRUSTMARKDEMOSECRETONLYFORDEMO23"  # noqa: S105


def merchant_totp_uri() -> str:
    import pyotp

    return pyotp.TOTP(MERCHANT_TOTP_SECRET).provisioning_uri(name=MERCHANT.email, issuer_name=settings.MFA_TOTP_ISSUER)


def seed_users() -> list[DemoLogin]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    User = get_user_model()
    for login, staff in ((MERCHANT, True), (SHOPPER, False)):
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = UserFactory(
                username=login.email.split("@")[0], email=login.email, password=login.password, is_staff=staff
            )
        EmailAddress.objects.update_or_create(
            user=user, email=login.email, defaults={"verified": True, "primary": True}
        )
        if staff:
            user.groups.add(merchant_group_ensure())
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, MERCHANT_TOTP_SECRET)
                RecoveryCodes.activate(user)
    return DEMO_LOGINS
