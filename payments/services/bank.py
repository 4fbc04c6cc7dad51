"""Paying at the bank: redirect methods (iDEAL, Bancontact, Przelewy24, PayPal) and BLIK (a code, then the bank
app), through Stripe PaymentIntents, the way Stripe documents a server-side integration.

The server creates the PaymentIntent with its own amount and confirms it with ``return_url`` (or the BLIK code);
the browser follows ``redirect_url``; the return page and the order page re-read the PaymentIntent
(``payment_settle``); the webhook settles; reconciliation catches a lost webhook. A BLIK approval not given in
its window is given up here (``payment_bank_expire_overdue``), after Stripe confirms the intent is cancelled.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from orders.methods import Flow, method_spec
from orders.models import BANK_FLOW_METHODS, Order
from orders.services import stock_release
from payments import gateway
from payments.models import Payment, PaymentState
from payments.services.attempts import (
    PaymentOutcome,
    payment_begin,
    payment_check_payable,
    payment_create_intent,
    payment_idempotency_key,
    payment_outcome,
    payment_resolve_previous,
)
from payments.services.events import payment_event
from payments.services.settlement import payment_apply_intent, payment_settle

logger = logging.getLogger(__name__)

BLIK_CODE = re.compile(r"^[0-9]{6}$")
# Beyond the bank app's window, how long we still wait for Stripe's answer before giving up the attempt.
APPROVAL_GRACE = datetime.timedelta(seconds=15)


def payment_bank_start(*, order: Order, return_url: str, blik_code: str = "") -> PaymentOutcome:
    """Create and confirm a PaymentIntent for the order's total with the order's bank method.

    ``return_url``: absolute URL of our return page (Stripe sends the browser back there). ``blik_code``: the
    shopper's 6-digit code, for BLIK. The outcome's ``redirect_url`` is where the browser goes next (redirect
    methods); a BLIK outcome is ``requires_action`` while the shopper approves in the bank app.
    """
    method = order.payment_method
    if method not in BANK_FLOW_METHODS:
        raise ApplicationError(_("This order is paid by another method."))
    spec = method_spec(method)
    if spec.flow == Flow.CODE_APP and not BLIK_CODE.match(blik_code or ""):
        raise ApplicationError(_("Enter the 6-digit BLIK code from your bank app."), field="blik_code")
    if order.currency not in spec.currencies:
        raise ApplicationError(
            _("%(method)s cannot be paid in %(currency)s.") % {"method": spec.brand, "currency": order.currency}
        )
    payment_check_payable(order, method)
    previous = payment_resolve_previous(order=order)
    if previous is not None:
        return previous  # the earlier attempt was paid or is on its way: no second payment
    payment = payment_begin(order=order, method=method)
    payment_create_intent(payment=payment, order=order)
    try:
        intent = gateway.intent_confirm_bank(
            intent_id=payment.stripe_payment_intent_id,
            method_type=method,
            billing_name=order.full_name,
            billing_email=order.email,
            return_url=return_url,
            blik_code=blik_code,
            idempotency_key=payment_idempotency_key(payment, "confirm"),
        )
    except gateway.GatewayError as exc:
        # As for cards: no answer means Stripe may have moved on; the next attempt re-reads it first.
        if isinstance(exc, gateway.GatewayUnavailable):
            raise gateway.ConfirmUnanswered(str(exc)) from None
        payment_event(payment=payment, event="fail", cause="gateway_error", fields={"last_error_code": "gateway_error"})
        stock_release(order=order)
        raise
    except gateway.PaymentDeclined as declined:
        try:
            intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
        except gateway.GatewayError:
            intent = None
        return payment_outcome(payment_apply_intent(payment=payment, intent=intent, via=method, declined=declined))
    payment = payment_apply_intent(payment=payment, intent=intent, via=method)
    outcome = payment_outcome(payment)
    if payment.state == PaymentState.REQUIRES_ACTION:
        return PaymentOutcome(
            order=outcome.order,
            payment=payment,
            status=payment.state,
            redirect_url=intent.redirect_url,
            client_secret=intent.client_secret,
        )
    return outcome


def payment_approval_deadline(payment: Payment) -> datetime.datetime | None:
    """Until when the shopper may approve in the bank app (BLIK: 60 s after the confirmation); None otherwise."""
    spec = method_spec(payment.method)
    if spec.flow != Flow.CODE_APP or not spec.approval_seconds:
        return None
    return payment.updated_at + datetime.timedelta(seconds=spec.approval_seconds)


def payment_bank_expire_overdue(*, payment: Payment, now: datetime.datetime | None = None) -> Payment:
    """A BLIK attempt still waiting well after its window: cancel it at Stripe and, once Stripe confirms, record
    it as expired (the order stays open: pay again with a new code, or choose another method). If Stripe says
    it was paid meanwhile, that answer is applied instead. Anything else is left for the next look."""
    deadline = payment_approval_deadline(payment)
    now = now or timezone.now()
    if deadline is None or payment.state != PaymentState.REQUIRES_ACTION or now < deadline + APPROVAL_GRACE:
        return payment
    try:
        intent = gateway.intent_cancel(
            intent_id=payment.stripe_payment_intent_id, idempotency_key=payment_idempotency_key(payment, "expire")
        )
    except gateway.GatewayUnavailable:
        return payment
    except (gateway.GatewayError, gateway.PaymentDeclined):
        intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)  # it moved on: read it
    if intent.status != "canceled":
        return payment_apply_intent(payment=payment, intent=intent, via=payment.method)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.state == PaymentState.REQUIRES_ACTION:
            payment_event(
                payment=locked, event="expire", cause="blik_timeout", fields={"last_error_code": "blik_timeout"}
            )
            stock_release(order=order)
    locked.refresh_from_db()
    return locked


def payment_bank_refresh(*, payment: Payment, via: str) -> Payment:
    """The return page, the order page and the waiting page: re-read the PaymentIntent (never the query string),
    then give up a BLIK approval whose window is long past."""
    payment = payment_settle(payment=payment, via=via)
    if payment.method in BANK_FLOW_METHODS:
        payment = payment_bank_expire_overdue(payment=payment)
    return payment
