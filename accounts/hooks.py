"""What the apps above accounts add to the account area. accounts imports none of them (docs/architecture.md):
they register here from their ``AppConfig.ready()``.

* ``account_orders_register``: the app that owns orders gives the account's order pages the shopper's orders.
* ``personal_data_register``: one part of "Download my data" (a key of the JSON file) and, for an app that keeps
  records about the shopper, what becomes of them when the account is deleted (detached, anonymised...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

# The export's own parts (accounts' data): a registered part cannot take their keys.
ACCOUNT_EXPORT_KEYS = frozenset({"exported_at", "profile", "addresses", "sign_ins"})


@dataclass(frozen=True)
class AccountOrders:
    """Called with keyword arguments: ``for_user(user=)``, ``get_for_user(user=, number=)``, ``public_url(order=)``."""

    for_user: Callable[..., QuerySet]  # the shopper's orders, newest first, with their lines
    get_for_user: Callable[..., Any]  # one of the shopper's orders with lines and timeline, or None
    public_url: Callable[..., str]  # the order's own status page


@dataclass(frozen=True)
class PersonalData:
    """Called with ``user=``: ``export`` returns JSON-able data; ``before_account_delete`` runs inside the
    deletion's transaction, before the user row goes, and may raise ``core.errors.ApplicationError`` to stop it."""

    key: str
    export: Callable[..., Any]
    before_account_delete: Callable[..., None] | None = None


@dataclass
class _Hooks:
    orders: AccountOrders | None = None
    personal_data: dict[str, PersonalData] = field(default_factory=dict)


_hooks = _Hooks()


def account_orders_register(orders: AccountOrders) -> None:
    _hooks.orders = orders


def account_orders() -> AccountOrders | None:
    """The registered order source; None when no installed app owns orders (the pages then show none)."""
    return _hooks.orders


def personal_data_register(part: PersonalData) -> None:
    """Idempotent per key (``ready()`` may run twice in tests); a key of accounts' own export is refused."""
    if part.key in ACCOUNT_EXPORT_KEYS:
        raise ImproperlyConfigured(f"{part.key!r} is already a part of the account's data export.")
    _hooks.personal_data[part.key] = part


def personal_data_parts() -> list[PersonalData]:
    return list(_hooks.personal_data.values())
