"""One email per shopper-relevant moment (placed, paid, shipped with tracking, delayed, delivered, refunded),
each with the promised delivery window and the anti-phishing verification code; delays told proactively."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import ApplicationError
from core.money import Money
from orders.models import DeliveryOption, PaymentMethod
from orders.services import order_mark_delayed, order_ship
from payments.services import bank_transfer_mark_received, order_mark_delivered, order_refund
from support.templatetags.support import order_verification_code
from tests.crossborder.conftest import place_order


def ours(number: str) -> list:
    return [m for m in mail.outbox if number in m.subject]


def _window(order) -> str:
    from django.utils.formats import date_format

    return f"{date_format(order.delivery_estimate_from)} – {date_format(order.delivery_estimate_to)}"


def test_every_transition_sends_one_email_with_window_and_verification_code(
    product, django_capture_on_commit_callbacks
):
    option = DeliveryOption.objects.get(zone__name="Switzerland")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(product, country="CH", option=option, method=PaymentMethod.BANK_TRANSFER)
    assert order.delivery_estimate_from and order.delivery_estimate_to
    window = _window(order)
    code = order_verification_code(order)
    assert code
    steps = [
        (lambda: bank_transfer_mark_received(order=order, actor=None), "Paid"),
        (lambda: order_ship(order=order, tracking_number="CH-TRACK-1", actor=None), "Shipped"),
        (
            lambda: order_mark_delayed(
                order=order,
                new_from=order.delivery_estimate_to + datetime.timedelta(days=3),
                new_to=order.delivery_estimate_to + datetime.timedelta(days=5),
                reason="Held at Swiss customs for inspection",
                actor=None,
            ),
            "Delivery delayed",
        ),
        (lambda: order_mark_delivered(order=order, actor=None), "Delivered"),
        (
            lambda: order_refund(order=order, amount=Money(1000, "EUR"), reason="Goodwill", restock=False, actor=None),
            "Partially refunded",
        ),
    ]
    shipped_window = ""
    for action, label in steps:
        with django_capture_on_commit_callbacks(execute=True):
            action()
        if label == "Shipped":  # the carrier's window is fixed when the parcel leaves
            order.refresh_from_db()
            shipped_window = _window(order)
    subjects = [m.subject for m in ours(order.number)]
    assert subjects == [
        f"Order {order.number}: Awaiting payment",  # the placement confirmation for a bank transfer
        f"Order {order.number}: Paid",
        f"Order {order.number}: Shipped",
        f"Order {order.number}: Delivery delayed",
        f"Order {order.number}: Delivered",
        f"Order {order.number}: Partially refunded",
    ]
    bodies = [m.body for m in ours(order.number)]
    assert all(f"Verification code: {code}" in body for body in bodies)
    assert window in bodies[0] and window in bodies[1]
    assert "CH-TRACK-1" in bodies[2]
    order.refresh_from_db()
    delayed = bodies[3]
    assert "Held at Swiss customs for inspection" in delayed
    assert f"We had promised {shipped_window}" in delayed
    assert _window(order) in delayed
    assert "Import duty and VAT, paid with this order" in bodies[0]


def test_card_order_gets_a_placed_email(product, localstripe, django_capture_on_commit_callbacks):
    option = DeliveryOption.objects.get(zone__name="Netherlands", position=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(product, country="NL", option=option, method=PaymentMethod.CARD)
    (placed,) = ours(order.number)
    assert placed.subject == f"Order {order.number}: Placed"
    assert _window(order) in placed.body


def test_delay_rules_and_order_page(product, client):
    option = DeliveryOption.objects.get(zone__name="Switzerland")
    order = place_order(product, country="CH", option=option, method=PaymentMethod.BANK_TRANSFER)
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        order_mark_delayed(order=order, new_from=today, new_to=today, reason="  ", actor=None)
    with pytest.raises(ApplicationError):
        order_mark_delayed(order=order, new_from=today + datetime.timedelta(5), new_to=today, reason="x", actor=None)
    with pytest.raises(ApplicationError):
        order_mark_delayed(order=order, new_from=today - datetime.timedelta(1), new_to=today, reason="x", actor=None)
    order.refresh_from_db()
    promised = (order.delivery_estimate_from, order.delivery_estimate_to)
    assert not order.delays.exists() and promised[0] is not None
    new = (today + datetime.timedelta(days=10), today + datetime.timedelta(days=12))
    order_mark_delayed(order=order, new_from=new[0], new_to=new[1], reason="Strike at the depot", actor=None)
    order.refresh_from_db()
    assert (order.delivery_estimate_from, order.delivery_estimate_to) == new
    assert order.status == "awaiting_payment"  # a delay is not a status
    from orders.access import order_signed_path

    page = client.get(order_signed_path(order=order)).content.decode()
    assert "Strike at the depot" in page and "Delivery delayed" in page
    assert new[0].isoformat() in page
    assert order_verification_code(order) in page


def test_merchant_marks_delay_from_the_admin(product, merchant_client, django_capture_on_commit_callbacks):
    option = DeliveryOption.objects.get(zone__name="United Kingdom")
    order = place_order(product, country="GB", option=option, method=PaymentMethod.BANK_TRANSFER)
    url = f"/admin/orders/order/{order.pk}/delay/"
    assert merchant_client.get(url).status_code == 200
    bad = merchant_client.post(url, {"new_from": "2001-01-01", "new_to": "2001-01-02", "reason": "late"})
    assert bad.status_code == 200 and "cannot start in the past" in bad.content.decode()
    start = timezone.localdate() + datetime.timedelta(days=9)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        end = start + datetime.timedelta(2)
        response = merchant_client.post(
            url, {"new_from": start.isoformat(), "new_to": end.isoformat(), "reason": "Storm"}
        )
    assert response.status_code == 302
    assert [m.subject for m in ours(order.number)] == [f"Order {order.number}: Delivery delayed"]
    assert order.delays.get().actor.username == "merchant-pay"
