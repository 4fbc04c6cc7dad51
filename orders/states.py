"""The order state machine: every allowed move of an order's status, in one place.

Only ``orders.services.order_transition`` changes ``Order.status``; it consults ``ALLOWED_TRANSITIONS``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    HELD_FOR_REVIEW = "held_for_review", _("Held for review")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


S = OrderStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLACED: frozenset({S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW, S.PAID, S.CANCELLED}),
    # AWAITING_PAYMENT -> SHIPPED only for cash on delivery (the money arrives with the parcel; checked in
    # ``order_ship``).
    S.AWAITING_PAYMENT: frozenset({S.HELD_FOR_REVIEW, S.PAID, S.CANCELLED, S.SHIPPED}),
    # HELD_FOR_REVIEW -> AWAITING_PAYMENT: an offline order (bank transfer, cash on delivery) the merchant
    # confirmed after the fraud screening held it (``order_review_accept``).
    S.HELD_FOR_REVIEW: frozenset({S.AWAITING_PAYMENT, S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    # SHIPPED -> CANCELLED only for a cash-on-delivery parcel refused at the door (nothing was paid).
    S.SHIPPED: frozenset({S.DELIVERED, S.PARTIALLY_REFUNDED, S.REFUNDED, S.CANCELLED}),
    S.DELIVERED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

# Statuses in which the money has been received (what "paid at least once" means for reviews, reports).
PAID_STATUSES = frozenset({S.PAID, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED, S.REFUNDED})
# Statuses that still hold reserved stock without money received.
UNPAID_OPEN_STATUSES = frozenset({S.PLACED, S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW})


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())
