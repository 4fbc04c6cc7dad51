"""Who may see an order: its signed-in owner, or whoever holds a live signed link from the order emails.

A link's key signs (with SECRET_KEY and a timestamp) the order number and a stamp of the order's link secret:

* it works for ``settings.ORDER_LINK_MAX_AGE_DAYS`` after it was made, and every email carries a fresh one;
* a new link secret (``order_link_secret_rotate``, the admin's "Revoke order links") ends every earlier link.

A real link to the order that expired or was revoked raises ``OrderLinkExpired``: the page it opens says so and
offers a fresh link by email (``orders.views.order_link_page``). A forged key, or one for another order, gets
the plain 404 of an order that does not exist.
"""

from __future__ import annotations

import enum

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from core.absolute import absolute_url
from orders.models import Order

SALT = "payments.order-access"
STAMP_SALT = "payments.order-link-secret"
RESEND_SALT = "payments.order-link-resend"
# The "email me a fresh link" form of the expired-link page works for an hour after the page was shown.
RESEND_TICKET_MAX_AGE = 60 * 60


class LinkState(enum.Enum):
    LIVE = "live"
    EXPIRED = "expired"  # a real link to this order, but too old or revoked
    INVALID = "invalid"  # no key, a forged one, or one for another order


class OrderLinkExpired(Exception):
    """A real link to ``order`` that expired or was revoked."""

    def __init__(self, order: Order) -> None:
        super().__init__(order.number)
        self.order = order


def order_link_max_age() -> int:
    """Seconds a link works after it was made."""
    return settings.ORDER_LINK_MAX_AGE_DAYS * 24 * 60 * 60


def order_link_stamp(*, order: Order) -> str:
    """A fingerprint of the order's link secret, put in links: it changes with the secret and reveals nothing of it."""
    return salted_hmac(STAMP_SALT, order.link_secret, algorithm="sha256").hexdigest()[:32]


def signed_load(token: str, *, salt: str, max_age: int) -> tuple[object, bool]:
    """The value signed in ``token`` and whether it is older than ``max_age`` seconds (exactly ``max_age`` is not).

    ``signing.BadSignature`` if the token was not made by us with ``salt``. Knowing the value of an expired token
    lets the caller tell "your link expired" from "this is not a link to this order".
    """
    value = signing.loads(token, salt=salt)
    try:
        signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        return value, True
    return value, False


def order_access_key(*, order: Order) -> str:
    return signing.dumps([order.number, order_link_stamp(order=order)], salt=SALT, compress=False)


def order_key_state(*, order: Order, key: str | None) -> LinkState:
    if not key:
        return LinkState.INVALID
    try:
        value, expired = signed_load(key, salt=SALT, max_age=order_link_max_age())
    except signing.BadSignature:
        return LinkState.INVALID
    stamped = isinstance(value, list) and len(value) == 2
    number = value[0] if stamped else value  # links made before stamps carried the number alone
    if number != order.number:
        return LinkState.INVALID
    if expired or not stamped or not constant_time_compare(str(value[1]), order_link_stamp(order=order)):
        return LinkState.EXPIRED
    return LinkState.LIVE


def order_key_valid(*, order: Order, key: str | None) -> bool:
    return order_key_state(order=order, key=key) is LinkState.LIVE


def order_signed_path(*, order: Order) -> str:
    return reverse("orders:order_detail", kwargs={"number": order.number}) + "?key=" + order_access_key(order=order)


def order_signed_url(*, order: Order) -> str:
    return absolute_url(order_signed_path(order=order))


def order_viewer_is_owner(*, order: Order, user) -> bool:
    """Signed in as the order's account (not merely holding a link to it)."""
    return user is not None and user.is_authenticated and order.user_id == user.pk


def order_can_view(*, order: Order, user, key: str | None) -> bool:
    """True for the signed-in owner or a live link; ``OrderLinkExpired`` for a real link that expired or was revoked."""
    if order_viewer_is_owner(order=order, user=user):
        return True
    state = order_key_state(order=order, key=key)
    if state is LinkState.EXPIRED:
        raise OrderLinkExpired(order)
    return state is LinkState.LIVE


def order_link_resend_ticket(*, order: Order) -> str:
    """For the expired-link page's "email me a fresh link" form: only a real link opens that page, so the ticket
    shows that whoever asks once held one (knowing an order number is not enough to trigger emails)."""
    return signing.dumps(order.number, salt=RESEND_SALT, compress=False)


def order_link_resend_ticket_valid(*, order: Order, ticket: str) -> bool:
    try:
        return signing.loads(ticket, salt=RESEND_SALT, max_age=RESEND_TICKET_MAX_AGE) == order.number
    except signing.BadSignature:
        return False
