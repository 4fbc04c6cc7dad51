"""Order emails: a tracking link when shipped (from the delivery option's tracking page), the last day to
withdraw when delivered, and an HTML part beside the text on every one. allauth's emails share the footer."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from orders.models import DeliveryOption, Order, PaymentMethod
from orders.services import order_ship
from payments.services import bank_transfer_mark_received, order_mark_delivered
from tests.payments.conftest import place


def _status_emails(order: Order) -> list:
    return [m for m in mail.outbox if order.number in m.subject]


@pytest.fixture
def shipped_and_delivered(shop, django_capture_on_commit_callbacks) -> Order:
    option = DeliveryOption.objects.filter(zone__countries__contains="NL").order_by("position").first()
    option.tracking_url_template = "https://carrier.example/track?id={number}"
    option.save()
    with django_capture_on_commit_callbacks(execute=True):
        order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    for step in (
        lambda: bank_transfer_mark_received(order=order, actor=None),
        lambda: order_ship(order=order, tracking_number="3S AB/12", actor=None),
        lambda: order_mark_delivered(order=order, actor=None),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            step()
    return order


def test_shipped_email_links_to_the_carriers_tracking_page(shipped_and_delivered):
    shipped = next(m for m in _status_emails(shipped_and_delivered) if m.subject.endswith("Shipped"))
    url = "https://carrier.example/track?id=3S%20AB%2F12"  # the number is quoted into the link
    assert url in shipped.body
    assert f">{url}</a>" in shipped.alternatives[0][0]  # a link in the HTML part


def test_delivered_email_states_the_last_day_to_withdraw(shipped_and_delivered):
    delivered = next(m for m in _status_emails(shipped_and_delivered) if m.subject.endswith("Delivered"))
    last_day = timezone.localdate() + datetime.timedelta(days=14)
    sentence = f"The last day to withdraw from the purchase without giving a reason is {date_format(last_day)}"
    assert sentence in delivered.body
    assert sentence in delivered.alternatives[0][0]
    shipped = next(m for m in _status_emails(shipped_and_delivered) if m.subject.endswith("Shipped"))
    assert "withdraw" not in shipped.body


def test_every_order_email_has_an_html_part_and_the_verification_code(shipped_and_delivered):
    emails = _status_emails(shipped_and_delivered)
    assert len(emails) == 4  # awaiting payment, paid, shipped, delivered
    for message in emails:
        assert [mimetype for _html, mimetype in message.alternatives] == ["text/html"]
        assert "Verification code:" in message.body and "Verification code:" in message.alternatives[0][0]


def test_no_tracking_link_without_a_tracking_page(shop):
    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    Order.objects.filter(pk=order.pk).update(tracking_number="X1")
    order.refresh_from_db()
    assert order.tracking_url == "https://postnl.example/track?barcode=X1"
    DeliveryOption.objects.filter(pk=order.delivery_option_id).update(tracking_url_template="")
    order.refresh_from_db()
    assert order.tracking_url == ""


@pytest.mark.parametrize(
    "template", ["http://carrier.example/{number}", "https://carrier.example/track", "javascript:{number}"]
)
def test_a_tracking_page_must_be_https_and_hold_the_number(shop, template):
    option = DeliveryOption.objects.first()
    option.tracking_url_template = template
    with pytest.raises(ValidationError) as error:
        option.full_clean()
    assert "tracking_url_template" in error.value.message_dict


def test_allauth_emails_have_the_html_part_and_the_footer(client, db):
    from accounts.factories import UserFactory

    UserFactory(email="reset@example.com")
    client.post("/accounts/password/reset/", {"email": "reset@example.com"})
    (message,) = mail.outbox
    assert "We will never ask you for your password" in message.body
    assert "We will never ask you for your password" in message.alternatives[0][0]
