"""Reads for the account area. Every query is scoped to the signed-in shopper."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.hooks import account_orders, personal_data_parts
from accounts.models import Address, LoginEvent


def email_confirmed_for(*, user_id: int | None, email: str) -> bool:
    """Whether ``email`` is a verified address of that account (allauth's email confirmation)."""
    if user_id is None or not email:
        return False
    return EmailAddress.objects.filter(user_id=user_id, email__iexact=email, verified=True).exists()


def greeting_name(*, name: str, user_id: int | None, email: str) -> str:
    """The name an email to ``email`` may greet with: ``name`` only if the address is a confirmed one of the
    account that typed it, else "" (the greeting is a plain "Hello,").

    Anyone can type anyone's address at checkout or in the contact form: an email landing there must not
    carry words its sender chose (next to our genuine verification code, they would read as ours).
    """
    return name if email_confirmed_for(user_id=user_id, email=email) else ""


def order_list_for_user(*, user: AbstractBaseUser) -> QuerySet | list:
    """The shopper's orders, newest first, from the app that owns orders (accounts/hooks.py)."""
    orders = account_orders()
    return orders.for_user(user=user) if orders else []


def order_get_for_user(*, user: AbstractBaseUser, number: str):
    """The shopper's own order with lines and timeline, or ``None`` (someone else's order looks missing)."""
    orders = account_orders()
    return orders.get_for_user(user=user, number=number) if orders else None


def order_public_url(*, order) -> str | None:
    """The order's own status page."""
    orders = account_orders()
    return orders.public_url(order=order) if orders else None


def address_list_for_user(*, user: AbstractBaseUser) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def address_default_country(*, user: AbstractBaseUser) -> str:
    """The country of the user's default (or most recently used) saved address, "" without one."""
    return address_list_for_user(user=user).values_list("country", flat=True).first() or ""


def address_get_for_user(*, user: AbstractBaseUser, address_id: int) -> Address | None:
    return Address.objects.filter(user=user, pk=address_id).first()


def login_event_list_recent(*, user: AbstractBaseUser, limit: int = 10) -> QuerySet[LoginEvent]:
    return LoginEvent.objects.filter(user=user)[:limit]


def mfa_status_for_user(*, user: AbstractBaseUser) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    recovery = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    unused = len(recovery.wrap().get_unused_codes()) if recovery else 0
    return {
        "totp": Authenticator.Type.TOTP in types,
        "recovery_codes": recovery is not None,
        "recovery_codes_unused": unused,
    }


def user_session_list(*, user: AbstractBaseUser) -> list:
    from allauth.usersessions.models import UserSession

    return sorted(UserSession.objects.purge_and_list(user), key=lambda s: s.last_seen_at or s.created_at, reverse=True)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_data_export(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the shop holds about the shopper (GDPR art. 15 and 20), as plain JSON-able data: the account's
    own data, and a part from each app that registered one (orders, reviews: accounts/hooks.py)."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "addresses": [
            {
                "full_name": a.full_name,
                "line1": a.line1,
                "line2": a.line2,
                "postal_code": a.postal_code,
                "city": a.city,
                "country": a.country,
                "is_default": a.is_default,
            }
            for a in address_list_for_user(user=user)
        ],
        "sign_ins": [
            {"at": _iso(e.created_at), "network": e.ip_masked, "browser": e.user_agent_summary}
            for e in LoginEvent.objects.filter(user=user)
        ],
    }
    for part in personal_data_parts():
        data[part.key] = part.export(user=user)
    return data


def staff_with_permission_count(*, perm: str) -> int:
    """Active staff who hold ``perm`` ("app_label.codename") through a group, directly, or as superuser: who can
    do that work. A trust claim that depends on staff work fails when this is 0."""
    app_label, codename = perm.split(".", 1)
    granted = Q(content_type__app_label=app_label, codename=codename)
    permission_ids = list(Permission.objects.filter(granted).values_list("id", flat=True))
    holders = Q(is_superuser=True) | Q(user_permissions__in=permission_ids) | Q(groups__permissions__in=permission_ids)
    return get_user_model().objects.filter(holders, is_active=True, is_staff=True).distinct().count()
