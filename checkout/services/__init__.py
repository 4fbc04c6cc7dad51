"""Writes of the checkout (HackSoft's services package, one module per job); the public names are re-exported here."""

from checkout.services.limits import UnpaidOrdersLimit, unpaid_orders_limit_check
from checkout.services.method_change import order_change_methods, order_payment_method_change
from checkout.services.pay import payment_card_start
from checkout.services.placing import (
    CHECKOUT_TEXT_FIELDS,
    CheckoutDetails,
    QuoteChanged,
    checkout_details_clean,
    order_place,
)
from checkout.services.submit import PayDetails, checkout_submit, order_pay_start, order_payment_return_url

__all__ = [
    "CHECKOUT_TEXT_FIELDS",
    "CheckoutDetails",
    "PayDetails",
    "QuoteChanged",
    "UnpaidOrdersLimit",
    "checkout_details_clean",
    "checkout_submit",
    "order_change_methods",
    "order_pay_start",
    "order_payment_method_change",
    "order_payment_return_url",
    "order_place",
    "payment_card_start",
    "unpaid_orders_limit_check",
]
