"""The payment attempt's and the refund's lifecycles: named events, the states each may start from, the state
each leads to. ``payments.services.payment_event`` and ``refund_event`` apply them (nothing else assigns
``Payment.state`` or ``Refund.state``); an event a table does not allow raises ``core.lifecycle.IllegalEvent``.
"""

from __future__ import annotations

from core.lifecycle import Event, Lifecycle
from payments.models import PaymentState, RefundState

P = PaymentState
OPEN = frozenset({P.CREATED, P.REQUIRES_ACTION, P.PROCESSING})

PAYMENT_LIFECYCLE = Lifecycle(
    "payment",
    PaymentState.values,
    [
        Event("require_action", frozenset({P.CREATED}), P.REQUIRES_ACTION),
        Event("process", frozenset({P.CREATED, P.REQUIRES_ACTION}), P.PROCESSING),
        # Authorised and held at Stripe for the merchant's capture.
        Event("hold", OPEN, P.REQUIRES_CAPTURE),
        Event("succeed", OPEN | {P.REQUIRES_CAPTURE}, P.SUCCEEDED),
        # Offline money recorded: a bank transfer received, cash collected by the courier.
        Event("receive", frozenset({P.PENDING}), P.SUCCEEDED),
        # Stripe took the money for an attempt given up here (an answer lost on the way back).
        Event("late_succeed", frozenset({P.FAILED, P.CANCELED}), P.SUCCEEDED),
        Event("fail", OPEN, P.FAILED),
        # A bank-app approval (BLIK) not given in its window: given up here once Stripe cancelled the intent.
        Event("expire", frozenset({P.REQUIRES_ACTION}), P.FAILED),
        Event("cancel", OPEN | {P.PENDING}, P.CANCELED),
        # A held authorisation released: the shopper's money was never taken.
        Event("void", frozenset({P.REQUIRES_CAPTURE}), P.CANCELED),
    ],
)

R = RefundState

REFUND_LIFECYCLE = Lifecycle(
    "refund",
    RefundState.values,
    [
        # Accepted by the gateway, on its way back to the shopper.
        Event("submit", frozenset({R.CREATED}), R.PENDING),
        # Done at the gateway, or an offline refund the merchant paid.
        Event("succeed", frozenset({R.CREATED, R.PENDING}), R.SUCCEEDED),
        Event("fail", frozenset({R.CREATED, R.PENDING}), R.FAILED),
    ],
)
