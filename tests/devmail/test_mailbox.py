"""The demo mailbox: in dev, every email is kept and shown at /devmail/ (newest first, per recipient, text and
HTML parts, the order's verification code); in production the app, its table and its pages do not exist."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.emails import email_send
from devmail.models import MailboxMessage
from devmail.services import mailbox_store
from orders.factories import OrderFactory
from support.selectors import order_verification_code
from tests.core.test_settings_production import SETUP, clean_env, run_python

pytestmark = pytest.mark.django_db


@pytest.fixture
def devmail_backend(settings):
    settings.EMAIL_BACKEND = "devmail.backend.EmailBackend"


def test_the_dev_backend_keeps_each_message_per_recipient_with_both_parts(devmail_backend):
    order = OrderFactory()
    email_send(subject="Order shipped", body="Hello,\n\nIt is on its way.", to=["a@example.com", "b@example.com"],
               order=order)  # fmt: skip
    assert mail.outbox == []  # not the test backend: the mailbox took it
    rows = list(MailboxMessage.objects.order_by("recipient"))
    assert [row.recipient for row in rows] == ["a@example.com", "b@example.com"]
    for row in rows:
        assert row.subject == "Order shipped"
        assert "It is on its way." in row.text and "Verification code:" in row.text
        assert "It is on its way." in row.html and row.html.startswith("<!doctype html>")
        assert row.order_number == order.number


def test_the_list_is_newest_first_per_recipient_with_the_verification_code(client, devmail_backend):
    order = OrderFactory()
    email_send(subject="First to Ann", body="one", to=["ann@example.com"], order=order)
    email_send(subject="To Bob", body="two", to=["bob@example.com"])
    email_send(subject="Second to Ann", body="three", to=["ann@example.com"], order=order)

    page = client.get(reverse("devmail:inbox")).content.decode()
    assert page.index("Second to Ann") < page.index("To Bob") < page.index("First to Ann")
    assert "ann@example.com (2)" in page and "bob@example.com (1)" in page
    assert page.count(order_verification_code(order=order)) == 2  # on each of Ann's order emails

    ann = client.get(reverse("devmail:inbox"), {"to": "ann@example.com"}).content.decode()
    assert "To Bob" not in ann
    assert ann.index("Second to Ann") < ann.index("First to Ann")


def test_a_message_shows_the_text_part_the_code_and_the_html_part_sandboxed(client, devmail_backend):
    order = OrderFactory()
    email_send(subject="Paid", body="We received <b>your</b> payment.", to=["ann@example.com"], order=order)
    stored = MailboxMessage.objects.get()
    page = client.get(reverse("devmail:message", args=[stored.pk]))
    body = page.content.decode()
    assert "We received &lt;b&gt;your&lt;/b&gt; payment." in body  # the text part, escaped
    assert order_verification_code(order=order) in body
    html_url = reverse("devmail:message_html", args=[stored.pk])
    assert f'<iframe class="mailbox-html" sandbox src="{html_url}"' in body
    assert "'self'" in page["Content-Security-Policy"].split("frame-src", 1)[1].split(";")[0]

    html = client.get(html_url)
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html.content.decode() == stored.html
    policy = {d.strip().split(" ")[0]: d.strip() for d in html["Content-Security-Policy"].split(";")}
    assert policy["sandbox"] == "sandbox"
    assert policy["default-src"] == "default-src 'none'" and policy["script-src"] == "script-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'self'"
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_unknown_messages_are_404(client):
    assert client.get(reverse("devmail:message", args=[999])).status_code == 404
    assert client.get(reverse("devmail:message_html", args=[999])).status_code == 404


def test_the_mailbox_keeps_the_latest_messages_only(monkeypatch):
    monkeypatch.setattr("devmail.services.KEEP_LATEST", 3)
    for number in range(5):
        mailbox_store(message=mail.EmailMessage(subject=f"m{number}", body="x", to=["a@example.com"]))
    assert list(MailboxMessage.objects.values_list("subject", flat=True)) == ["m4", "m3", "m2"]


def test_production_has_no_mailbox_app_table_or_page():
    code = SETUP + (
        "\nfrom django.conf import settings\nfrom django.urls import Resolver404, resolve\n"
        "assert 'devmail' not in settings.INSTALLED_APPS\n"
        "assert not settings.EMAIL_BACKEND.startswith('devmail')\n"
        "try:\n    resolve('/devmail/')\nexcept Resolver404:\n    print('no page')\n"
        "try:\n    import devmail.models\nexcept RuntimeError:\n    print('no model')\n"
    )
    result = run_python(code, clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["no", "page", "no", "model"]


def test_production_refuses_the_mailbox_backend():
    result = run_python(SETUP, clean_env(EMAIL_BACKEND="devmail.backend.EmailBackend"))
    assert result.returncode != 0
    assert "demo mailbox" in result.stderr
