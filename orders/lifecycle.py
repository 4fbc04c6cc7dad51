"""The order's lifecycle: every event that moves ``Order.status``, from which statuses, to which one.

``orders.services.order_event`` applies them (and nothing else changes ``Order.status``); an event the table does
not allow raises ``core.lifecycle.IllegalEvent``. Refunds are not here: they change the payment status.
"""

from __future__ import annotations

from core.lifecycle import Event, Lifecycle
from orders.states import FulfilmentStatus, OrderStatus

S = OrderStatus

ORDER_LIFECYCLE = Lifecycle(
    "order",
    OrderStatus.values,
    [
        # An offline order confirmed, a card waiting for the bank's 3-D Secure step, a direct debit processing.
        Event("await_payment", frozenset({S.PLACED}), S.AWAITING_PAYMENT),
        # The screening held an offline order, or Stripe holds a card payment for the merchant's capture.
        Event("hold_for_review", frozenset({S.PLACED, S.AWAITING_PAYMENT}), S.HELD_FOR_REVIEW),
        # An offline order the merchant confirmed after the hold: it now waits for the money (or the courier).
        Event("confirm_after_review", frozenset({S.HELD_FOR_REVIEW}), S.AWAITING_PAYMENT),
        Event("pay", frozenset({S.PLACED, S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW}), S.PAID),
        Event("ship", frozenset({S.PAID}), S.SHIPPED),
        # Cash on delivery: the money arrives with the parcel.
        Event("ship_cash_on_delivery", frozenset({S.AWAITING_PAYMENT}), S.SHIPPED),
        Event("deliver", frozenset({S.SHIPPED}), S.DELIVERED),
        Event("cancel", frozenset({S.PLACED, S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW}), S.CANCELLED),
        # A cash-on-delivery parcel refused at the door: nothing was paid.
        Event("refuse_at_door", frozenset({S.SHIPPED}), S.CANCELLED),
    ],
)

# What the parcel's status becomes with each event that moves it.
FULFILMENT_AFTER = {
    "ship": FulfilmentStatus.SHIPPED,
    "ship_cash_on_delivery": FulfilmentStatus.SHIPPED,
    "deliver": FulfilmentStatus.DELIVERED,
}
