"""Merchant admin pages, retrying from the order page, and decline messages."""

from __future__ import annotations

import pytest

from checkout.services import payment_card_start
from orders.access import order_signed_path
from orders.models import Order, PaymentMethod
from orders.states import OrderStatus
from payments import gateway
from payments.services import bank_transfer_mark_received
from tests.payments.conftest import CARD_DECLINE, CARD_OK, card_token, place

pytestmark = [pytest.mark.django_db]


def test_admin_order_pages_and_ship_form(merchant_client, shop):
    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    assert merchant_client.get("/admin/orders/order/").status_code == 200
    page = merchant_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Timeline" in page and "Waiting for your bank transfer" in page
    response = merchant_client.post(
        "/admin/orders/order/",
        {"action": "mark_bank_transfer_received", "_selected_action": [order.pk], "confirmed": "yes"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    from orders.models import Carrier

    dpd = Carrier.objects.get(name="DPD")
    response = merchant_client.post(
        f"/admin/orders/order/{order.pk}/ship/", {"carrier": dpd.pk, "tracking_number": "3SXYZ"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.tracking_number == "3SXYZ"
    assert order.tracking_url == "https://tracking.dpd.de/status/en_NL/parcel/3SXYZ"


def test_flagged_order_cannot_be_shipped(shop):
    from core.errors import ApplicationError
    from orders.services import order_ship

    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    bank_transfer_mark_received(order=order, actor=None)
    Order.objects.filter(pk=order.pk).update(flagged_reason="amount mismatch")
    with pytest.raises(ApplicationError, match="flagged"):
        order_ship(order=order, tracking_number="", actor=None)


@pytest.mark.localstripe
def test_retry_from_the_order_page_after_a_decline(client, shop, localstripe):
    order = place(shop)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_DECLINE))
    path = order_signed_path(order=order)
    page = client.get(path).content.decode()
    assert "Pay for this order" in page and "declined" in page
    key = path.split("key=")[1]
    answer = client.post(
        f"/orders/{order.number}/pay/?key={key}",
        {"payment_method_id": card_token(localstripe, CARD_OK)},
        HTTP_ACCEPT="application/json",
    ).json()
    assert answer["status"] == "succeeded"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert "Pay for this order" not in client.get(path).content.decode()


@pytest.mark.localstripe
def test_order_pay_needs_access(client, shop, localstripe):
    order = place(shop)
    response = client.post(f"/orders/{order.number}/pay/", {"payment_method_id": card_token(localstripe, CARD_OK)})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


@pytest.mark.parametrize(
    "code",
    [
        "card_declined",
        "insufficient_funds",
        "expired_card",
        "incorrect_cvc",
        "processing_error",
        "lost_card",
        "stolen_card",
        "fraudulent",
        "payment_intent_authentication_failure",
        "",
    ],
)
def test_every_decline_code_has_a_clear_safe_message(code):
    """Stripe's decline cards (…0002, …9995, …9987, …9979, …0069, …0127, …0119, Radar) mostly succeed on
    localstripe, so their codes are checked against the message map directly."""
    message = gateway.decline_message(code)
    assert message and len(message) < 200
    assert "fraud" not in message.lower() and "stolen" not in message.lower() and "lost" not in message.lower()
