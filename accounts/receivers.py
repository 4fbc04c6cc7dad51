"""Signal receivers: each one hands over to a service, no rules live here."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in

from accounts.services import login_event_record, roles_ensure

MFA_SETUP_SESSION_KEY = "accounts.mfa_verified_by_setup"


def login_recorded(sender, request, user, **kwargs) -> None:
    from allauth.account.adapter import get_adapter

    if request is None:
        return
    try:
        ip = get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - a missing IP never blocks a sign-in
        ip = ""
    login_event_record(user=user, ip=ip, user_agent=request.META.get("HTTP_USER_AGENT", ""))


def authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up TOTP proves the device with a fresh code: that counts as this session's second factor."""
    from allauth.mfa.models import Authenticator

    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        request.session[MFA_SETUP_SESSION_KEY] = str(user.pk)
        # allauth sends this signal on commit, which may be after the response saved the session: save now.
        request.session.save()


def roles_after_migrate(sender, using, **kwargs) -> None:
    roles_ensure(using=using)


def connect() -> None:
    from allauth.mfa.signals import authenticator_added as mfa_authenticator_added

    user_logged_in.connect(login_recorded, dispatch_uid="accounts.login_recorded")
    mfa_authenticator_added.connect(authenticator_added, dispatch_uid="accounts.authenticator_added")
