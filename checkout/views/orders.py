"""Checkout steps, the pay endpoint, the order page and the public fee table. Thin: parse, call a service, render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from checkout.forms import COUNTRY_NAMES
from orders.models import PaymentMethod
from orders.states import OrderStatus
from orders.views import order_for_viewer, order_link_page
from payments import gateway
from payments.models import PaymentState
from payments.selectors import order_history, order_latest_payment, order_open_stripe_payments
from payments.services import payment_settle

logger = logging.getLogger(__name__)


@order_link_page
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The confirmation and order page. Reads the PaymentIntent server-side; query strings grant nothing."""
    order = order_for_viewer(request, number)
    for payment in order_open_stripe_payments(order=order):
        try:
            payment_settle(payment=payment, via="card")
        except gateway.GatewayError:
            logger.info("Could not re-read payment %s for the order page", payment.pk)
    order.refresh_from_db()
    latest = order_latest_payment(order=order)
    can_retry = (
        order.payment_method == PaymentMethod.CARD
        and order.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT)
        and (
            latest is None or latest.state in (PaymentState.FAILED, PaymentState.CANCELED, PaymentState.REQUIRES_ACTION)
        )
    )
    key = request.GET.get("key", "")
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
            "pay_url": pay_url,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_key": settings.STRIPE_PUBLISHABLE_KEY,
            "merchant_iban": settings.MERCHANT_IBAN,
            "merchant_bic": settings.MERCHANT_BIC,
            "merchant_account_name": settings.MERCHANT_BANK_ACCOUNT_NAME,
            "country_name": COUNTRY_NAMES.get(order.country, order.country),
        },
    )
