"""Every email the shop sends: a text part and an HTML part from one base template, the same anti-phishing
footer (with the order's verification code when it is about an order), nothing sent while suppressed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from core.emails import email_paragraphs, email_send, emails_suppressed
from orders.factories import OrderFactory
from support.selectors import order_verification_code

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def test_one_email_has_a_text_and_an_html_part_with_the_same_footer_and_code(settings):
    settings.SHOP_BASE_URL = "https://shop.example.com"
    order = OrderFactory()
    code = order_verification_code(order=order)
    body = "Hello,\n\nSee https://shop.example.com/o/1"
    assert email_send(subject="Order  X:\nShipped", body=body, to=["a@b.example"], order=order)
    (message,) = mail.outbox
    assert message.subject == "Order X: Shipped"  # one line, whatever the template left
    html = html_of(message)
    for part in (message.body, html):
        assert f"Verification code: {code}" in part
        assert f"@{settings.SHOP_EMAIL_DOMAIN}" in part
        assert "https://shop.example.com" + reverse("support:phishing") in part
        assert "https://shop.example.com" + reverse("trust:centre") in part
    assert '<a href="https://shop.example.com/o/1"' in html  # links are links
    assert '<html lang="en">' in html and "<title>Order X: Shipped</title>" in html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_html_part_loads_nothing_remote_and_runs_no_script():
    email_send(subject="Hi", body="<img src=https://evil.example/x.png> <script>alert(1)</script>", to=["a@b.example"])
    html = html_of(mail.outbox[0])
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _attrs in parser.tags}
    assert names.isdisjoint({"img", "script", "iframe", "link", "object", "embed"})  # the body's text is escaped
    assert not [attrs for _tag, attrs in parser.tags if {"src", "background", "srcset"} & set(attrs)]
    assert "url(" not in html and "@import" not in html  # no remote CSS either
    assert "&lt;img src=https://evil.example/x.png&gt;" in html


def test_an_email_about_no_order_has_the_footer_but_no_code():
    email_send(subject="Hi", body="Hello", to=["a@b.example"])
    message = mail.outbox[0]
    assert "Verification code" not in message.body
    assert "We will never ask you for your password" in message.body
    assert "We will never ask you for your password" in html_of(message)


def test_nothing_is_sent_inside_emails_suppressed_and_sending_resumes_after():
    with emails_suppressed():
        assert email_send(subject="Hi", body="Hello", to=["a@b.example"]) is False
    assert mail.outbox == []
    assert email_send(subject="Hi", body="Hello", to=["a@b.example"]) is True
    assert len(mail.outbox) == 1


def test_paragraphs_split_at_blank_lines_only():
    assert email_paragraphs("a\nb\n\n  \nc\n") == ["a\nb", "c"]
