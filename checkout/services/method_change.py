"""An unpaid order changes its payment method (the order page's "choose another method" after a payment was
abandoned or refused at the bank). The fee and total are priced again by the one quote function's fee rule."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checkout.config import checkout_config
from checkout.pricing import payment_fee_for
from checkout.selectors import offered_methods
from core.errors import ApplicationError
from core.money import Money
from orders.models import STRIPE_METHODS, Order
from orders.services import unpaid_window
from orders.states import OrderStatus
from payments.models import PaymentState
from payments.services import payment_resolve_previous


def order_change_methods(*, order: Order) -> list[str]:
    """The online methods an unpaid order may switch to: those offered for its country and currency."""
    zone = checkout_config().zone_for(order.country)
    offered = offered_methods(
        country=order.country, currency=order.currency, allow_cod=bool(zone and zone.cash_on_delivery)
    )
    return [code for code in offered if code in STRIPE_METHODS]


def order_payment_method_change(*, order: Order, method: str) -> Order:
    """Switch an unpaid online order to ``method``. Any unfinished attempt is first resolved with Stripe (a paid
    one wins: nothing changes); then, under the order's lock, the fee and total are priced again."""
    if method not in order_change_methods(order=order):
        raise ApplicationError(_("This payment method is not available for this order."))
    if payment_resolve_previous(order=order) is not None:
        raise ApplicationError(_("This order is already paid or its payment is on its way: nothing was changed."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT):
            raise ApplicationError(_("This order cannot take a payment any more."))
        if locked.payments.filter(
            state__in=[
                PaymentState.CREATED,
                PaymentState.REQUIRES_ACTION,
                PaymentState.PROCESSING,
                PaymentState.REQUIRES_CAPTURE,
                PaymentState.SUCCEEDED,
            ]
        ).exists():
            raise ApplicationError(_("A payment for this order is already being processed."))
        base = Money(locked.items_amount + locked.delivery_amount, locked.currency)
        fee = payment_fee_for(fee=checkout_config().fee_for(method), base=base)
        locked.payment_method = method
        locked.payment_fee_amount = fee.amount
        locked.total_amount = locked.items_amount + locked.delivery_amount + fee.amount + locked.duties_amount
        locked.expires_at = timezone.now() + unpaid_window(method)
        locked.save(update_fields=["payment_method", "payment_fee_amount", "total_amount", "expires_at", "updated_at"])
    return locked
