"""Payment attempts through Stripe: begin one, resolve earlier ones, create and confirm the PaymentIntent,
capture or cancel a held one."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.money import Money
from core.validators import single_line_clean
from orders.models import (
    BANK_FLOW_METHODS,
    Order,
    PaymentMethod,
)
from orders.services import (
    stock_release,
    stock_reserve,
)
from orders.states import OrderStatus
from payments import gateway
from payments.models import Payment, PaymentState
from payments.services.events import payment_event
from payments.services.settlement import payment_apply_intent, payment_settle

logger = logging.getLogger(__name__)

S = OrderStatus

# Attempt states in which the shopper's money is taken or on its way: never start another charge next to one.
ATTEMPT_TAKES_MONEY = frozenset({PaymentState.SUCCEEDED, PaymentState.PROCESSING, PaymentState.REQUIRES_CAPTURE})

# Failure codes with their own words for the shopper; any other failure of a bank method is "not completed at
# your bank".
BANK_FAILURE_CODES = frozenset({"code_invalid", "customer_declined", "code_expired", "blik_timeout"})

# An attempt recorded here but with no PaymentIntent after this long never reached Stripe (the process died).
ABANDONED_AFTER = datetime.timedelta(minutes=2)


@dataclass(frozen=True)
class PaymentOutcome:
    """What the checkout page needs after a payment step: never more than the shopper may know."""

    order: Order
    payment: Payment
    status: str  # the Payment state
    client_secret: str = ""
    message: str = ""
    redirect_url: str = ""  # a bank method's page (Stripe's next_action.redirect_to_url.url): the browser goes there


def payment_idempotency_key(payment: Payment, step: str) -> str:
    return f"pay-{payment.idempotency_key}-{step}"


def payment_failure_message(payment: Payment) -> str:
    """What the shopper is told about a failed attempt, in words for its method (a bank is not a card)."""
    code = payment.last_error_code
    if payment.method in BANK_FLOW_METHODS and code not in BANK_FAILURE_CODES:
        code = "bank_payment_failed"
    return gateway.decline_message(code)


def payment_outcome(payment: Payment) -> PaymentOutcome:
    """The shopper's view of an attempt's current state."""
    order = Order.objects.get(pk=payment.order_id)
    message = ""
    if payment.state == PaymentState.FAILED:
        message = payment_failure_message(payment)
    return PaymentOutcome(order=order, payment=payment, status=payment.state, message=message)


def payment_check_payable(order: Order, method: str) -> None:
    if order.status not in (S.PLACED, S.AWAITING_PAYMENT):
        raise ApplicationError(
            _("This order cannot take a payment any more (it is %(status)s).") % {"status": order.get_status_display()}
        )
    if order.payment_method != method:
        raise ApplicationError(_("This order is paid by another method."))


def payment_begin(*, order: Order, method: str) -> Payment:
    """Lock the order, check it can take a payment, re-check and reserve stock, record a new attempt.

    Call ``payment_resolve_previous`` first: an attempt that may still be charged blocks a new one here.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        payment_check_payable(locked, method)
        busy = locked.payments.filter(
            state__in=[PaymentState.PROCESSING, PaymentState.REQUIRES_CAPTURE, PaymentState.SUCCEEDED]
        ).exists()
        unsettled = locked.payments.filter(state__in=[PaymentState.CREATED, PaymentState.REQUIRES_ACTION])
        never_sent = unsettled.filter(
            Q(stripe_payment_intent_id__isnull=True) | Q(stripe_payment_intent_id=""),
            created_at__lt=timezone.now() - ABANDONED_AFTER,
        )
        # No PaymentIntent was ever recorded for these (a crash before Stripe answered): nothing to cancel there.
        for stale in never_sent.select_for_update():
            payment_event(payment=stale, event="cancel", cause="never_sent", fields={"last_error_code": "never_sent"})
        if busy or unsettled.exists():
            # A concurrent attempt (or one resolved a moment ago by another request) is still in flight.
            raise ApplicationError(_("A payment for this order is already being processed."))
        stock_reserve(order=locked)  # availability re-checked on every final POST
        payment = Payment.objects.create(
            order=locked, method=method, amount=locked.total_amount, currency=locked.currency
        )
    return payment


def _already_paid_outcome(payment: Payment) -> PaymentOutcome:
    order = Order.objects.get(pk=payment.order_id)
    if payment.state == PaymentState.SUCCEEDED:
        message = _("This order is already paid. You have not been charged again.")
    else:
        message = _("Your earlier payment for this order is still being processed. You have not been charged again.")
    return PaymentOutcome(order=order, payment=payment, status=payment.state, message=message)


def payment_resolve_previous(*, order: Order) -> PaymentOutcome | None:
    """Before a new attempt, find out from Stripe what became of the unfinished ones.

    An answer lost after Stripe charged the card leaves the attempt "created" here while its PaymentIntent
    succeeded. So each unfinished attempt is re-read (``payment_settle``): if it succeeded, is processing or
    is held, the order is settled with it and no new charge is made (the returned outcome says so). Otherwise
    it is cancelled at Stripe, and marked cancelled here only once Stripe confirms. If Stripe cannot be asked,
    the retry is refused (``PreviousAttemptUnknown``) and reconciliation settles the attempt later.
    """
    unfinished = order.payments.filter(
        state__in=[PaymentState.CREATED, PaymentState.REQUIRES_ACTION], stripe_payment_intent_id__gt=""
    ).order_by("created_at", "id")
    for old in unfinished:
        try:
            old = payment_settle(payment=old, via="card")
            if old.state in ATTEMPT_TAKES_MONEY:
                return _already_paid_outcome(old)
            if old.state not in (PaymentState.CREATED, PaymentState.REQUIRES_ACTION):
                continue  # failed or cancelled at Stripe: nothing more to do
            try:
                intent = gateway.intent_cancel(
                    intent_id=old.stripe_payment_intent_id, idempotency_key=payment_idempotency_key(old, "cancel")
                )
            except gateway.PaymentDeclined:
                intent = gateway.intent_retrieve(intent_id=old.stripe_payment_intent_id)
            except gateway.GatewayUnavailable:
                raise
            except gateway.GatewayError:
                # Stripe refused the cancel (it moved on meanwhile, e.g. succeeded): re-read what it is now.
                intent = gateway.intent_retrieve(intent_id=old.stripe_payment_intent_id)
        except gateway.GatewayError:
            logger.warning("Payment %s: Stripe unreachable while checking it before a retry", old.pk)
            raise gateway.PreviousAttemptUnknown("previous attempt unknown") from None
        if intent.status == "canceled":
            # Stripe confirmed: only now is the attempt cancelled here. A superseded attempt leaves the order open.
            with transaction.atomic():
                locked = Payment.objects.select_for_update().get(pk=old.pk)
                if locked.state in (PaymentState.CREATED, PaymentState.REQUIRES_ACTION):
                    payment_event(payment=locked, event="cancel", cause="superseded")
            continue
        old = payment_apply_intent(payment=old, intent=intent, via="card")
        if old.state in ATTEMPT_TAKES_MONEY:
            return _already_paid_outcome(old)
        if old.state in (PaymentState.CREATED, PaymentState.REQUIRES_ACTION):
            # Neither cancelled nor settled: never start a second charge next to it.
            raise ApplicationError(_("A payment for this order is already being processed."))
    return None


def payment_create_intent(
    *, payment: Payment, order: Order, request_three_d_secure: bool = False, manual_capture: bool = False
) -> str:
    """Create the attempt's PaymentIntent; the screening may ask for a 3-D Secure challenge or a manual capture."""
    extra = {}
    if request_three_d_secure:
        extra["request_three_d_secure"] = True
    if manual_capture:
        extra["manual_capture"] = True
    try:
        intent = gateway.intent_create(
            amount=Money(payment.amount, payment.currency),
            order_id=order.pk,
            order_number=order.number,
            payment_id=payment.pk,
            method_type=payment.method,
            idempotency_key=payment_idempotency_key(payment, "create"),
            **extra,
        )
    except (gateway.GatewayError, gateway.PaymentDeclined):
        payment_event(payment=payment, event="fail", cause="gateway_error", fields={"last_error_code": "gateway_error"})
        stock_release(order=order)
        raise
    payment.stripe_payment_intent_id = intent.id
    payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    return intent.id


def payment_confirm(*, payment: Payment, payment_method_id: str, via: str) -> PaymentOutcome:
    try:
        intent = gateway.intent_confirm(
            intent_id=payment.stripe_payment_intent_id,
            payment_method_id=payment_method_id,
            idempotency_key=payment_idempotency_key(payment, "confirm"),
        )
    except gateway.GatewayError as exc:
        # No answer, or an unexpected one: the card may have been charged. The attempt stays "created" with its
        # PaymentIntent id; the next attempt re-reads it first (``payment_resolve_previous``), as does
        # reconciliation. A 4xx (not a network fault) means Stripe refused the confirm: no charge happened.
        if isinstance(exc, gateway.GatewayUnavailable):
            raise gateway.ConfirmUnanswered(str(exc)) from None
        raise
    except gateway.PaymentDeclined as declined:
        # The decline carries no PaymentIntent (localstripe): re-read it by the id we stored.
        try:
            intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
        except gateway.GatewayError:
            intent = None
        payment = payment_apply_intent(payment=payment, intent=intent, via=via, declined=declined)
        return payment_outcome(payment)
    payment = payment_apply_intent(payment=payment, intent=intent, via=via)
    outcome = payment_outcome(payment)
    if payment.state == PaymentState.REQUIRES_ACTION:
        return PaymentOutcome(
            order=outcome.order, payment=payment, status=payment.state, client_secret=intent.client_secret
        )
    return outcome


def payment_sepa_start(*, order: Order, iban: str, account_holder: str) -> PaymentOutcome:
    iban = "".join(iban.split()).upper()
    if not (15 <= len(iban) <= 34) or not iban[:2].isalpha() or not iban[2:].isalnum():
        raise ApplicationError(_("Please enter a valid IBAN."), field="iban")
    account_holder = single_line_clean(
        account_holder, field="account_holder", label=_("Account holder"), max_length=200
    )
    if not account_holder:
        raise ApplicationError(_("Please enter the account holder's name."), field="account_holder")
    payment_check_payable(order, PaymentMethod.SEPA_DEBIT)
    previous = payment_resolve_previous(order=order)
    if previous is not None:
        return previous
    payment = payment_begin(order=order, method=PaymentMethod.SEPA_DEBIT)
    try:
        pm_id = gateway.sepa_payment_method_create(
            iban=iban, name=account_holder, email=order.email, idempotency_key=payment_idempotency_key(payment, "pm")
        )
    except (gateway.GatewayError, gateway.PaymentDeclined) as exc:
        payment_event(payment=payment, event="fail", cause="invalid_iban", fields={"last_error_code": "invalid_iban"})
        stock_release(order=order)
        if isinstance(exc, gateway.PaymentDeclined):
            raise ApplicationError(exc.shopper_message, field="iban") from None
        raise
    payment_create_intent(payment=payment, order=order)
    return payment_confirm(payment=payment, payment_method_id=pm_id, via="sepa_debit")


def _payment_held_locked(payment: Payment, refusal: str) -> Payment:
    """The payment's row, locked for the rest of the caller's transaction, if it is still held for review. The
    order's row is locked first, in the order settlement takes them (no deadlock with a webhook)."""
    Order.objects.select_for_update().get(pk=payment.order_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.state != PaymentState.REQUIRES_CAPTURE:
        raise ApplicationError(refusal)
    return locked


def payment_capture(*, payment: Payment, actor: AbstractBaseUser | None) -> Payment:
    """Capture a payment held for review (server-side only, from the admin). The payment row stays locked from
    the check to the applied answer: a concurrent capture or cancel waits and then finds it settled."""
    with transaction.atomic():
        locked = _payment_held_locked(payment, _("Only a payment held for review can be captured."))
        intent = gateway.intent_capture(
            intent_id=locked.stripe_payment_intent_id, idempotency_key=payment_idempotency_key(locked, "capture")
        )
        return payment_apply_intent(payment=locked, intent=intent, via="review_accepted")


def payment_cancel_held(*, payment: Payment, actor: AbstractBaseUser | None) -> Payment:
    """Release a payment held for review (the authorisation is voided at Stripe), under the payment's row lock."""
    with transaction.atomic():
        locked = _payment_held_locked(payment, _("Only a payment held for review can be cancelled here."))
        intent = gateway.intent_cancel(
            intent_id=locked.stripe_payment_intent_id, idempotency_key=payment_idempotency_key(locked, "cancel")
        )
        return payment_apply_intent(payment=locked, intent=intent, via="review_cancelled")


def payment_offline_open(*, order: Order) -> Payment:
    """The payment an offline order waits for (bank transfer, cash on delivery): the merchant records the money."""
    return Payment.objects.create(
        order=order,
        method=order.payment_method,
        state=PaymentState.PENDING,
        amount=order.total_amount,
        currency=order.currency,
    )
