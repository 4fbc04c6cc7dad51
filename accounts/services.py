"""Writes for the account area: address book, sign-in records, account deletion, the staff roles' groups."""

from __future__ import annotations

import logging

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts import roles
from accounts.client_info import ip_mask, user_agent_summarize
from accounts.hooks import personal_data_parts
from accounts.models import Address, LoginEvent
from core.errors import ApplicationError

logger = logging.getLogger(__name__)

MERCHANT_GROUP = "owner"  # the owner role (accounts/roles.py)
LOGIN_EVENTS_KEPT = 50


# --- Sign-ins ------------------------------------------------------------------------------


def login_event_record(*, user: AbstractBaseUser, ip: str, user_agent: str) -> LoginEvent:
    """Record a successful sign-in with a masked network and a browser summary; keep the latest 50."""
    event = LoginEvent.objects.create(
        user=user, ip_masked=ip_mask(ip), user_agent_summary=user_agent_summarize(user_agent)
    )
    old_ids = LoginEvent.objects.filter(user=user).values_list("id", flat=True)[LOGIN_EVENTS_KEPT:]
    LoginEvent.objects.filter(id__in=list(old_ids)).delete()
    return event


# --- Address book --------------------------------------------------------------------------

ADDRESS_FIELDS = ("full_name", "line1", "line2", "postal_code", "city", "country")


def _address_save(*, address: Address, make_default: bool) -> Address:
    """Validate and save; the shopper's first address, or one marked default, becomes the only default."""
    address.is_default = False if address.pk is None else address.is_default
    for name in ADDRESS_FIELDS:
        setattr(address, name, (getattr(address, name) or "").strip())
    try:
        address.full_clean(exclude=["user", "is_default"], validate_constraints=False)
    except ValidationError as error:
        # One line per field (core.validators), within its length, a known country: the first problem, named.
        name, problems = next(iter(error.message_dict.items()))
        label = capfirst(Address._meta.get_field(name).verbose_name) if name in ADDRESS_FIELDS else ""
        message = " ".join(problems)
        if label:
            message = _("%(label)s: %(problem)s") % {"label": label, "problem": message}
        raise ApplicationError(message, field=name) from None
    others = Address.objects.select_for_update().filter(user=address.user).exclude(pk=address.pk)
    has_other_default = any(other.is_default for other in others)  # evaluating locks the rows
    if make_default or address.is_default or not has_other_default:
        others.filter(is_default=True).update(is_default=False)
        address.is_default = True
    address.save()
    return address


@transaction.atomic
def address_create(
    *,
    user: AbstractBaseUser,
    full_name: str,
    line1: str,
    line2: str = "",
    postal_code: str,
    city: str,
    country: str,
    is_default: bool = False,
) -> Address:
    address = Address(
        user=user, full_name=full_name, line1=line1, line2=line2, postal_code=postal_code, city=city, country=country
    )
    return _address_save(address=address, make_default=is_default)


def _address_owned(*, user: AbstractBaseUser, address_id: int) -> Address:
    address = Address.objects.filter(user=user, pk=address_id).first()
    if address is None:
        # Someone else's address and a missing one look the same.
        raise ApplicationError(_("That address does not exist."))
    return address


@transaction.atomic
def address_update(*, user: AbstractBaseUser, address_id: int, is_default: bool = False, **fields: str) -> Address:
    address = _address_owned(user=user, address_id=address_id)
    for name in ADDRESS_FIELDS:
        if name in fields:
            setattr(address, name, fields[name])
    return _address_save(address=address, make_default=is_default)


@transaction.atomic
def address_delete(*, user: AbstractBaseUser, address_id: int) -> None:
    address = _address_owned(user=user, address_id=address_id)
    was_default = address.is_default
    address.delete()
    if was_default:
        successor = Address.objects.filter(user=user).order_by("-updated_at", "-id").first()
        if successor:
            Address.objects.filter(pk=successor.pk).update(is_default=True)


@transaction.atomic
def address_set_default(*, user: AbstractBaseUser, address_id: int) -> Address:
    address = _address_owned(user=user, address_id=address_id)
    return _address_save(address=address, make_default=True)


# --- Account deletion ----------------------------------------------------------------------


@transaction.atomic
def account_delete(*, user: AbstractBaseUser, password: str, confirm: bool) -> None:
    """Delete the account after re-checking the password.

    Each app that keeps records about the shopper decides first what becomes of them (accounts/hooks.py): orders,
    for one, are bookkeeping records the shop must keep, so they are detached from the account, not deleted.
    """
    if not confirm:
        raise ApplicationError(_("Tick the box to confirm that you want to delete your account."), field="confirm")
    if not password or not user.check_password(password):
        raise ApplicationError(_("That password is not correct."), field="password")

    for part in personal_data_parts():
        if part.before_account_delete is not None:
            part.before_account_delete(user=user)
    user_id = user.pk
    try:
        user.delete()
    except ProtectedError as exc:
        logger.warning("account %s could not be deleted: %s", user_id, exc)
        raise ApplicationError(
            _("Your account cannot be deleted right now. Please contact us and we will do it for you.")
        ) from exc
    logger.info("account %s deleted at the shopper's request", user_id)


# --- Staff roles (accounts/roles.py) ------------------------------------------------------------


def _role_models(app_label: str, pattern: str) -> list:
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return []
    named = set(roles.ROLE_MODELS) | roles.SUPERUSER_ONLY | roles.EXCLUDED_MODELS
    models = []
    for model in config.get_models():
        key = (app_label, model._meta.model_name)
        if (pattern == "*" and key not in named) or key[1] == pattern:
            models.append(model)
    return models


def _role_grants(role: str) -> list[tuple[str, str, tuple[str, ...]]]:
    grants = [(app, name, actions[role]) for (app, name), actions in roles.ROLE_MODELS.items() if role in actions]
    return grants + roles.ROLE_EXTRA.get(role, [])


def role_group_ensure(*, role: str, using: str = "default") -> Group:
    """Create or refresh one role's group with exactly the permissions of ``accounts/roles.py``. Idempotent."""
    group, _created = Group.objects.using(using).get_or_create(name=role)
    wanted: set[int] = set()
    for app_label, pattern, actions in _role_grants(role):
        for model in _role_models(app_label, pattern):
            content_type = ContentType.objects.db_manager(using).get_for_model(model, for_concrete_model=False)
            codenames = [f"{action}_{model._meta.model_name}" for action in actions]
            wanted.update(
                Permission.objects.using(using)
                .filter(content_type=content_type, codename__in=codenames)
                .values_list("id", flat=True)
            )
    for full in roles.ROLE_CUSTOM.get(role, ()):
        app_label, codename = full.split(".", 1)
        wanted.update(
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .values_list("id", flat=True)
        )
    group.permissions.set(Permission.objects.using(using).filter(id__in=wanted))
    return group


def roles_ensure(*, using: str = "default") -> dict[str, Group]:
    """Every role's group, refreshed after every ``migrate`` and by the demo seed. Permissions are created first
    for every app (post_migrate reaches the apps one by one), so a fresh database gets complete groups."""
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    return {role: role_group_ensure(role=role, using=using) for role in roles.ROLES}


def merchant_group_ensure(*, using: str = "default") -> Group:
    """The owner's group (the shop's "merchant" until roles had their own groups)."""
    return roles_ensure(using=using)[roles.OWNER]
