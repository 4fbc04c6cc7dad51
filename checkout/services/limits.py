"""The limits on open unpaid orders per shopper (email, IP, browser) and the items in them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import connection
from django.db.models import Q, Sum
from django.utils.translation import ngettext

from core.errors import ApplicationError
from fraud.client import ClientContext
from orders.models import (
    DELAYED_PAYMENT_METHODS,
    Order,
    OrderLine,
)
from orders.states import UNPAID_OPEN_STATUSES


class UnpaidOrdersLimit(ApplicationError):
    """The shopper already has as many unpaid orders (or items in them) as one may hold at a time."""


def _shopper_lock(keys: list[str]) -> None:
    """PostgreSQL: wait for, then hold until commit, one advisory lock per key (sorted: no deadlock between two
    shoppers sharing some keys). Other databases serialise writers themselves (SQLite) or are not supported."""
    if connection.vendor != "postgresql":
        return
    ids = sorted(
        {
            int.from_bytes(hashlib.sha256(f"unpaid-orders:{key}".encode()).digest()[:8], "big", signed=True)
            for key in keys
        }
    )
    with connection.cursor() as cursor:
        for lock_id in ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def unpaid_orders_limit_check(*, email: str, client: ClientContext, units: int) -> None:
    """Refuse one more unpaid order when the shopper already has the most allowed open.

    Counted in the database over open unpaid orders with a delayed method (``DELAYED_PAYMENT_METHODS``) that hold
    stock: per email address, per client IP and per browser (device cookie or session), and the items in them
    (this order's ``units`` included). Call it inside the placing transaction: on PostgreSQL it first takes a
    transaction-level advisory lock per identifier, so two placements by one shopper at once are counted one
    after the other (the second sees the first's order once it commits).
    """
    email = email.strip().lower()
    identity = Q(email__iexact=email)
    keys = [f"email:{email}"]
    if client.ip:
        identity |= Q(client_ip=client.ip)
        keys.append(f"ip:{client.ip}")
    if client.device_id:
        identity |= Q(device_id=client.device_id)
        keys.append(f"device:{client.device_id}")
    if client.session_key:
        identity |= Q(session_key=client.session_key)
        keys.append(f"session:{client.session_key}")
    _shopper_lock(keys)
    open_orders = Order.objects.filter(
        identity, status__in=UNPAID_OPEN_STATUSES, payment_method__in=DELAYED_PAYMENT_METHODS, stock_reserved=True
    )
    rows = list(open_orders.values_list("pk", "email", "client_ip", "device_id", "session_key"))
    units_of = dict(
        OrderLine.objects.filter(order_id__in=[row[0] for row in rows])
        .values("order_id")
        .annotate(units=Sum("quantity"))
        .values_list("order_id", "units")
    )

    def same_email(row: tuple) -> bool:
        return row[1].strip().lower() == email

    def same_ip(row: tuple) -> bool:
        return bool(client.ip) and row[2] == client.ip

    def same_browser(row: tuple) -> bool:
        return (bool(client.device_id) and row[3] == client.device_id) or (
            bool(client.session_key) and row[4] == client.session_key
        )

    for same, limit in (
        (same_email, settings.UNPAID_ORDERS_MAX_PER_EMAIL),
        (same_ip, settings.UNPAID_ORDERS_MAX_PER_IP),
        (same_browser, settings.UNPAID_ORDERS_MAX_PER_SESSION),
    ):
        matching = [row[0] for row in rows if same(row)]
        if len(matching) >= limit:
            raise UnpaidOrdersLimit(
                ngettext(
                    "You already have %(count)s unpaid order waiting for payment. Please pay for it (the link is "
                    "in its confirmation email) or pay this order by card.",
                    "You already have %(count)s unpaid orders waiting for payment. Please pay for one of them (the "
                    "links are in their confirmation emails) or pay this order by card.",
                    len(matching),
                )
                % {"count": len(matching)}
            )
        if sum(units_of.get(pk, 0) for pk in matching) + units > settings.UNPAID_UNITS_MAX:
            raise UnpaidOrdersLimit(
                ngettext(
                    "Unpaid orders can hold at most %(max)s item at a time. Please pay for an open order first, "
                    "order fewer items, or pay this order by card.",
                    "Unpaid orders can hold at most %(max)s items at a time. Please pay for an open order first, "
                    "order fewer items, or pay this order by card.",
                    settings.UNPAID_UNITS_MAX,
                )
                % {"max": settings.UNPAID_UNITS_MAX}
            )
