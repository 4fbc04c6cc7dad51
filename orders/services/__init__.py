"""Writes to orders (HackSoft's services package, one module per job); the public names are re-exported here."""

from orders.services.fulfilment import (
    DELAYABLE_STATUSES,
    offline_hold_until,
    order_cancel_close,
    order_cancellable,
    order_deliver,
    order_items_to_cart,
    order_mark_delayed,
    order_mark_returned,
    order_review_accept,
    order_ship,
    unpaid_window,
)
from orders.services.links import LINK_RESEND_INTERVAL, order_link_secret_rotate, order_link_send
from orders.services.stock import stock_release, stock_reserve, stock_return_lines
from orders.services.transitions import order_event, order_flag

__all__ = [
    "DELAYABLE_STATUSES",
    "LINK_RESEND_INTERVAL",
    "offline_hold_until",
    "order_cancel_close",
    "order_cancellable",
    "order_deliver",
    "order_flag",
    "order_items_to_cart",
    "order_link_secret_rotate",
    "order_link_send",
    "order_mark_delayed",
    "order_mark_returned",
    "order_review_accept",
    "order_ship",
    "order_event",
    "stock_release",
    "stock_reserve",
    "stock_return_lines",
    "unpaid_window",
]
