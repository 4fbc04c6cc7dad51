"""Reads for the account area. Every query is scoped to the signed-in shopper."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

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


def order_list_for_user(*, user: AbstractBaseUser) -> QuerySet:
    from payments.models import Order

    return Order.objects.filter(user=user).prefetch_related("lines").order_by("-placed_at")


def order_get_for_user(*, user: AbstractBaseUser, number: str):
    """The shopper's own order with lines and timeline, or ``None`` (someone else's order looks missing)."""
    from payments.models import Order

    return (
        Order.objects.filter(user=user, number=number)
        .prefetch_related("lines", "status_changes")
        .first()
    )


def order_public_url(*, order) -> str | None:
    """The payments app's order page, if it exists yet."""
    try:
        return reverse("payments:order_detail", kwargs={"number": order.number})
    except NoReverseMatch:
        return None


def address_list_for_user(*, user: AbstractBaseUser) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


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


def _reviews_for_user(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """Reviews written by the shopper, whatever the reviews app's model looks like."""
    try:
        config = apps.get_app_config("reviews")
    except LookupError:
        return []
    exported: list[dict[str, Any]] = []
    user_model = get_user_model()  # not type(user): request.user is a lazy wrapper
    for model in config.get_models():
        user_fields = [
            field.name
            for field in model._meta.get_fields()
            if getattr(field, "many_to_one", False) and field.related_model is user_model
        ]
        if not user_fields:
            continue
        for row in model.objects.filter(**{user_fields[0]: user}):
            item: dict[str, Any] = {"kind": model._meta.model_name}
            for field in model._meta.concrete_fields:
                if field.is_relation:
                    if field.related_model is user_model:
                        continue  # never another account's name (e.g. the moderator)
                    item[field.name] = str(getattr(row, field.name)) if getattr(row, field.attname) else None
                    continue
                value = getattr(row, field.attname)
                item[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
            exported.append(item)
    return exported


def account_data_export(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the shop holds about the shopper (GDPR art. 15 and 20), as plain JSON-able data."""
    orders = []
    for order in order_list_for_user(user=user).prefetch_related("status_changes"):
        orders.append(
            {
                "number": order.number,
                "status": order.status,
                "placed_at": _iso(order.placed_at),
                "email": order.email,
                "delivery_address": {
                    "full_name": order.full_name,
                    "line1": order.address_line1,
                    "line2": order.address_line2,
                    "postal_code": order.postal_code,
                    "city": order.city,
                    "country": order.country,
                    "phone": order.phone,
                },
                "payment_method": order.payment_method,
                "currency": order.currency,
                "amounts_minor_units": {
                    "items": order.items_amount,
                    "delivery": order.delivery_amount,
                    "payment_fee": order.payment_fee_amount,
                    "duties": order.duties_amount,
                    "total": order.total_amount,
                },
                "lines": [
                    {
                        "sku": line.sku,
                        "name": line.name,
                        "unit_price_minor_units": line.unit_price_amount,
                        "quantity": line.quantity,
                    }
                    for line in order.lines.all()
                ],
                "timeline": [
                    {
                        "at": _iso(change.created_at),
                        "from": change.from_status,
                        "to": change.to_status,
                        "cause": change.cause,
                    }
                    for change in order.status_changes.all()
                ],
            }
        )
    return {
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
        "orders": orders,
        "reviews": _reviews_for_user(user),
        "sign_ins": [
            {"at": _iso(e.created_at), "network": e.ip_masked, "browser": e.user_agent_summary}
            for e in LoginEvent.objects.filter(user=user)
        ],
    }
