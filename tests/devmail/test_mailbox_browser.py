"""The demo mailbox in Debian's chromium at phone width: no axe (WCAG A/AA) violations on the list and on a
message, and the HTML part renders inside its sandboxed frame with its own styles."""

from __future__ import annotations

import pytest

from core.emails import email_send
from devmail.models import MailboxMessage
from orders.factories import OrderFactory
from tests.a11y.helpers import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_mailbox_pages_on_a_phone(phone_page, live_server, settings):
    settings.EMAIL_BACKEND = "devmail.backend.EmailBackend"
    order = OrderFactory()
    email_send(subject=f"Order {order.number}: Shipped", body="Hello,\n\nIt is on its way.", to=["ann@example.com"],
               order=order)  # fmt: skip
    message = MailboxMessage.objects.get()

    phone_page.goto(f"{live_server.url}/devmail/")
    assert axe_violations(phone_page) == []
    phone_page.goto(f"{live_server.url}/devmail/{message.pk}/")
    assert axe_violations(phone_page) == []
    frame = phone_page.frame_locator("iframe.mailbox-html")
    heading = frame.locator("h1")
    assert heading.inner_text() == f"Order {order.number}: Shipped"
    assert heading.evaluate("e => getComputedStyle(e).fontSize") == "18px"  # the email's own <style> applied
