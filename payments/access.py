"""Who may see an order: its signed-in owner, or whoever holds the signed link from the order emails."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from core.absolute import absolute_url
from payments.models import Order

SALT = "payments.order-access"


def order_access_key(*, order: Order) -> str:
    return signing.dumps(order.number, salt=SALT, compress=False)


def order_key_valid(*, order: Order, key: str | None) -> bool:
    if not key:
        return False
    try:
        return signing.loads(key, salt=SALT) == order.number
    except signing.BadSignature:
        return False


def order_signed_path(*, order: Order) -> str:
    return reverse("payments:order_detail", kwargs={"number": order.number}) + "?key=" + order_access_key(order=order)


def order_signed_url(*, order: Order) -> str:
    return absolute_url(order_signed_path(order=order))


def order_can_view(*, order: Order, user, key: str | None) -> bool:
    if user is not None and user.is_authenticated and order.user_id == user.pk:
        return True
    return order_key_valid(order=order, key=key)
