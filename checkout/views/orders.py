"""Checkout steps, the pay endpoint, the order page and the public fee table. Thin: parse, call a service, render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from checkout.forms import COUNTRY_NAMES
from checkout.selectors import order_total_with
from checkout.services import order_change_methods
from orders.methods import method_spec
from orders.models import BANK_FLOW_METHODS, PaymentMethod
from orders.states import OrderStatus
from orders.views import order_for_viewer, order_link_page
from payments import gateway
from payments.models import PaymentState
from payments.selectors import order_history, order_latest_payment, order_open_stripe_payments
from payments.services import (
    payment_approval_deadline,
    payment_bank_refresh,
    payment_failure_message,
    payment_settle,
)
from prices.currency import currency_rate

logger = logging.getLogger(__name__)


@order_link_page
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The confirmation and order page. Reads the PaymentIntent server-side; query strings grant nothing."""
    order = order_for_viewer(request, number)
    for payment in order_open_stripe_payments(order=order):
        try:
            if payment.method in BANK_FLOW_METHODS:
                payment_bank_refresh(payment=payment, via="reconciliation")
            else:
                payment_settle(payment=payment, via="card")
        except gateway.GatewayError:
            logger.info("Could not re-read payment %s for the order page", payment.pk)
    order.refresh_from_db()
    latest = order_latest_payment(order=order)
    spec = method_spec(order.payment_method)
    unpaid = order.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT)
    # BLIK waiting for the bank app inside its window: the page waits (countdown) instead of offering to pay.
    deadline = payment_approval_deadline(latest) if latest is not None else None
    waiting_for_app = bool(
        unpaid and latest is not None and latest.state == PaymentState.REQUIRES_ACTION and deadline is not None
    )
    can_retry = (
        (order.payment_method == PaymentMethod.CARD or order.payment_method in BANK_FLOW_METHODS)
        and unpaid
        and not waiting_for_app
        and (
            latest is None or latest.state in (PaymentState.FAILED, PaymentState.CANCELED, PaymentState.REQUIRES_ACTION)
        )
    )
    # After a bank payment was abandoned or refused: the other online methods, each priced for this order.
    other_methods = []
    if can_retry and order.payment_method in BANK_FLOW_METHODS:
        other_methods = [
            {"code": code, "label": PaymentMethod(code).label, "total": order_total_with(order=order, method=code)}
            for code in order_change_methods(order=order)
            if code != order.payment_method
        ]
    key = request.GET.get("key", "")
    rate = currency_rate(order.currency)
    bank = rate if rate is not None and rate.bank_iban else None
    pay_url = reverse("orders:order_pay", kwargs={"number": order.number}) + (f"?key={key}" if key else "")
    return render(
        request,
        "checkout/order_detail.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "timeline": order_history(order=order),
            "delays": list(order.delays.all()),
            "refunds": list(order.refunds.all()),
            "latest_payment": latest,
            "can_retry": can_retry,
            "method_spec": spec,
            "bank_flow": order.payment_method in BANK_FLOW_METHODS,
            "waiting_for_app": waiting_for_app,
            "approval_deadline": deadline,
            "approval_seconds_left": max(0, int((deadline - timezone.now()).total_seconds())) if deadline else 0,
            "status_url": reverse("orders:order_payment_status", kwargs={"number": order.number})
            + (f"?key={key}" if key else ""),
            "change_method_url": reverse("orders:order_change_method", kwargs={"number": order.number})
            + (f"?key={key}" if key else ""),
            "other_methods": other_methods,
            "failure_message": (
                payment_failure_message(latest) if latest is not None and latest.state == PaymentState.FAILED else ""
            ),
            "pay_url": pay_url,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_key": settings.STRIPE_PUBLISHABLE_KEY,
            # Bank transfer details for the order's currency (a złoty account for złoty orders).
            "merchant_iban": bank.bank_iban if bank else settings.MERCHANT_IBAN,
            "merchant_bic": bank.bank_bic if bank else settings.MERCHANT_BIC,
            "merchant_account_name": bank.bank_account_name if bank else settings.MERCHANT_BANK_ACCOUNT_NAME,
            "country_name": COUNTRY_NAMES.get(order.country, order.country),
        },
    )
