"""An order's three statuses, as a shop like Shopify shows them:

* ``status``: where the order is in the shop's work (placed ... paid, shipped, delivered, or cancelled). Its
  moves are the events of ``orders.lifecycle.ORDER_LIFECYCLE``, applied only by ``orders.services.order_event``.
* ``payment_status``: what happened to the money, derived from the payment attempts and refunds
  (``payments.services.order_payment_status_refresh``). A refund changes it, never ``status``.
* ``fulfilment_status``: what happened to the parcel (set by the ship and deliver events, and by returns).
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


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    AUTHORISED = "authorised", _("Authorised (held)")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")
    VOIDED = "voided", _("Voided")


class FulfilmentStatus(models.TextChoices):
    UNFULFILLED = "unfulfilled", _("Unfulfilled")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned")


S = OrderStatus
# Statuses in which the money has been received (what "paid at least once" means for reviews, reports). A refund
# does not move an order out of these: it shows in ``payment_status``.
PAID_STATUSES = frozenset({S.PAID, S.SHIPPED, S.DELIVERED})
# Statuses that still hold reserved stock without money received.
UNPAID_OPEN_STATUSES = frozenset({S.PLACED, S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW})
# Money received and not all of it given back.
PAID_PAYMENT_STATUSES = frozenset({PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED})
