"""Links built from the Host header (issue 14, item 5).

Every absolute link the shop sends (allauth's password reset, confirmation and sign-up links included) starts
with ``SHOP_BASE_URL``, never with the Host (or port) of the request that caused the email: otherwise anyone
could request a password reset for a shopper with ``Host: evil.example`` and have our genuine email send them
there. Production refuses to start without an https SHOP_BASE_URL (tests/core/test_settings_production.py).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from orders.factories import OrderFactory, order_move
from orders.states import OrderStatus
from returns.services import request_create
from reviews.models import Review
from reviews.services import review_approve, review_reject, review_submit
from tests.accounts.helpers import PASSWORD, user_make
from tests.returns.conftest import GOOD_IBAN
from tests.returns.conftest import make_order as delivered_order

pytestmark = pytest.mark.django_db

BASE = "https://shop.example.com"
# A foreign host, and hosts the shop does serve but on another port: the link names none of them.
HOSTS = ["evil.example", "evil.example:8443", "localhost:9999", "127.0.0.1:1", "testserver:8080"]
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+")


@pytest.fixture(autouse=True)
def _base(settings):
    settings.SHOP_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["*"]  # the worst case: a catch-all host, as behind a careless proxy


def links(email) -> list[str]:
    return URL.findall(email.subject + "\n" + email.body)


def assert_only_our_links(email, host: str = "evil.example") -> None:
    found = links(email)
    assert found, email.body
    assert all(link.startswith(BASE + "/") for link in found), found
    assert host not in email.subject and host not in email.body


@pytest.mark.parametrize("host", HOSTS)
def test_password_reset_link_is_on_the_shop_base_url_whatever_the_host(client, host):
    ada = user_make(username="ada", email="ada@example.com")
    client.post(reverse("account_reset_password"), {"email": ada.email}, HTTP_HOST=host)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert_only_our_links(email, host)
    assert re.search(re.escape(BASE) + r"/accounts/password/reset/key/\S+/", email.body)
    assert email.subject.startswith("[Trustmark] ")
    assert "Hello from Trustmark!" in email.body and "shop.example.com" in email.body


@pytest.mark.parametrize("host", HOSTS)
def test_a_reset_for_an_unknown_address_links_to_our_sign_up(client, host):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"}, HTTP_HOST=host)
    assert [m.to for m in mail.outbox] == [["nobody@example.com"]]
    assert_only_our_links(mail.outbox[0], host)
    assert f"{BASE}{reverse('account_signup')}" in mail.outbox[0].body


@pytest.mark.parametrize("host", HOSTS)
def test_sign_up_confirmation_link_is_on_the_shop_base_url(client, host):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=host,
    )
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert_only_our_links(mail.outbox[0], host)
    assert f"{BASE}/accounts/confirm-email/" in mail.outbox[0].body


def test_signing_up_with_a_taken_address_links_to_our_password_reset(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # as in production: no "already registered" on the page
    user_make(username="ada", email="ada@example.com")
    client.post(
        reverse("account_signup"),
        {"email": "ada@example.com", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="evil.example",
    )
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert_only_our_links(mail.outbox[0])
    assert f"{BASE}{reverse('account_reset_password')}" in mail.outbox[0].body


def test_every_shop_email_links_only_to_the_shop_base_url(client, django_capture_on_commit_callbacks):
    """Order, support, returns and review emails: each link in each one starts with SHOP_BASE_URL."""
    shopper = user_make(username="anna", email="anna@example.com")
    order = delivered_order(user=shopper, lines=[(2500, 1)], status_path=[OrderStatus.PAID, OrderStatus.SHIPPED])
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order=order, to_status=OrderStatus.DELIVERED, cause="test")  # order + review request
        request_create(order=order, kind="withdrawal", quantities={order.lines.get().pk: 1}, iban=GOOD_IBAN,
                       account_holder="Anna Kowalska")
    client.force_login(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:contact"), {
            "name": "Anna", "email": shopper.email, "order_number": order.number, "topic": "delivery",
            "message": "Where is my parcel? It has been a week.", "website": "",
        }, HTTP_HOST="evil.example")
        client.post(reverse("support:report"), {
            "kind": "phishing_email", "details": "An email asked for my card number to release a parcel.",
            "order_number": "", "sender": "", "contact_email": shopper.email, "website": "",
        }, HTTP_HOST="evil.example")
    product = order.lines.get().product
    review = review_submit(product=product, rating=5, title="Great", body="Exactly as described, fast.",
                           user=shopper)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        review_approve(review=review, moderator=None)
        review_reject(review=review, moderator=None, reason="off_topic")
    guest_order = OrderFactory(email="guest@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order=guest_order, to_status=OrderStatus.PAID, cause="test")

    subjects = [m.subject for m in mail.outbox]
    for expected in ("How was your order", "We received your request", "We received your message",
                     "We received your report", "Your review is published", "Your review was not published"):
        assert any(s.startswith(expected) for s in subjects), (expected, subjects)
    for email in mail.outbox:
        found = links(email)
        assert found, email.subject  # every one of these emails links somewhere
        assert all(link.startswith(BASE + "/") for link in found), (email.subject, found)
        assert "evil.example" not in email.body
    rejected = next(m for m in mail.outbox if m.subject == "Your review was not published")
    assert f"{BASE}{reverse('reviews:policy')}" in rejected.body


def test_the_trust_centre_names_our_origin_not_the_requests(client):
    body = client.get(reverse("trust:centre"), HTTP_HOST="evil.example").content.decode()
    assert f"<code>{BASE}</code>" in body and "evil.example" not in body
