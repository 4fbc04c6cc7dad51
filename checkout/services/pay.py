"""Paying for a placed order online: the card attempt is screened first, then handed to payments."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from fraud.services import (
    PaymentBlocked,
    assessment_link_payment,
    block_message,
    payment_attempt_screen,
)
from orders.models import (
    Order,
    PaymentMethod,
)
from orders.services import stock_release
from payments import gateway
from payments.services import (
    PaymentOutcome,
    order_cancel,
    payment_begin,
    payment_check_payable,
    payment_confirm,
    payment_create_intent,
    payment_resolve_previous,
)


def payment_card_start(*, order: Order, payment_method_id: str, request=None, client=None) -> PaymentOutcome:
    """Create and confirm a PaymentIntent for the order's total with the browser's card token/payment method.

    The fraud screening runs first (``request``/``client`` give it the shopper's IP and device); a blocked
    attempt never reaches Stripe: the order is cancelled and its stock released (the shopper may check out
    again with another card or method).
    """
    if not payment_method_id or not payment_method_id.replace("_", "").isalnum() or len(payment_method_id) > 255:
        raise ApplicationError(_("The card details could not be read. Please enter them again."))
    payment_check_payable(order, PaymentMethod.CARD)
    previous = payment_resolve_previous(order=order)
    if previous is not None:
        return previous  # the earlier attempt was charged (its answer was lost): no second charge
    screening = payment_attempt_screen(
        order=order, request=request, client=client, payment_method_token=payment_method_id
    )
    if screening.blocked:
        try:
            order_cancel(order=order, cause="payment_refused", actor=None)
        except (ApplicationError, gateway.GatewayError):
            stock_release(order=order)  # the order could not be cancelled now; it still holds no stock
        raise PaymentBlocked(block_message(method=PaymentMethod.CARD, order_number=order.number))
    payment = payment_begin(order=order, method=PaymentMethod.CARD)
    assessment_link_payment(assessment=screening.assessment, payment=payment)
    payment_create_intent(
        payment=payment,
        order=order,
        request_three_d_secure=screening.request_three_d_secure,
        manual_capture=screening.manual_capture,
    )
    return payment_confirm(payment=payment, payment_method_id=payment_method_id, via="card")
