"""Writes to payments (HackSoft's services package, one module per job); the public names are re-exported here."""

from payments.services.attempts import (
    ABANDONED_AFTER,
    ATTEMPT_TAKES_MONEY,
    PaymentOutcome,
    payment_begin,
    payment_cancel_held,
    payment_capture,
    payment_check_payable,
    payment_confirm,
    payment_create_intent,
    payment_idempotency_key,
    payment_offline_open,
    payment_resolve_previous,
    payment_sepa_start,
)
from payments.services.events import order_payment_status_of, order_payment_status_refresh, payment_event, refund_event
from payments.services.orders import (
    RECONCILE_UNCERTAIN_WINDOW,
    bank_transfer_mark_received,
    order_cancel,
    order_mark_delivered,
    orders_expire_unpaid,
    payments_reconcile,
)
from payments.services.refunds import order_paid_total, order_refund, order_refundable, order_refunded_total
from payments.services.settlement import intent_problems, payment_apply_intent, payment_settle

__all__ = [
    "ABANDONED_AFTER",
    "ATTEMPT_TAKES_MONEY",
    "RECONCILE_UNCERTAIN_WINDOW",
    "PaymentOutcome",
    "bank_transfer_mark_received",
    "order_cancel",
    "order_mark_delivered",
    "order_paid_total",
    "order_refund",
    "order_refundable",
    "order_refunded_total",
    "order_payment_status_of",
    "order_payment_status_refresh",
    "payment_event",
    "refund_event",
    "intent_problems",
    "orders_expire_unpaid",
    "payment_apply_intent",
    "payment_begin",
    "payment_cancel_held",
    "payment_capture",
    "payment_check_payable",
    "payment_confirm",
    "payment_create_intent",
    "payment_idempotency_key",
    "payment_offline_open",
    "payment_resolve_previous",
    "payment_sepa_start",
    "payment_settle",
    "payments_reconcile",
]
