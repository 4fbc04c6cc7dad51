"""Fraud screening runs for every payment method, and a block is never a dead end (issue 14, item 3).

SEPA Direct Debit, bank transfer and cash on delivery are screened once, before the order exists: a block places
nothing and takes no stock; "require 3-D Secure" means nothing for them (allowed); "hold" makes a bank-transfer
or cash-on-delivery order wait for the merchant's review before it is confirmed (the shopper is asked not to pay
yet), and flags a direct debit for a look before shipping. A refused shopper is told what they can do next
(another card, another method such as bank transfer, support, with links), never why.
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from checkout.services import order_place
from fraud.client import ClientContext
from fraud.defaults import SIGNAL_KEYS
from fraud.models import Decision, RiskAssessment, RiskSignalWeight
from fraud.selectors import review_queue
from fraud.services import PaymentBlocked
from orders.access import order_signed_path
from orders.models import Order, PaymentMethod
from orders.states import OrderStatus
from payments.models import Payment, PaymentState
from payments.services import orders_expire_unpaid
from shop.models import CartLine
from shop.selectors import CartItem, CartSummary
from tests.fraud.conftest import NL_IP
from tests.payments.conftest import CARD_OK, card_token, details
from tests.payments.test_checkout_views import pay_form, walk_to_review

pytestmark = [pytest.mark.django_db]
NOT_CARD = [PaymentMethod.SEPA_DEBIT, PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH_ON_DELIVERY]
OFFLINE = [PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH_ON_DELIVERY]
THROWAWAY = "lena@mailinator.com"  # a disposable email service: the one signal these tests weigh


@pytest.fixture
def screened(shop, fraud_setup):
    return shop


def weigh_disposable_email(weight: int) -> None:
    """Thresholds: 3-D Secure from 30, review from 60, block from 90."""
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=weight)


def place(product, method: str, *, email: str = THROWAWAY, quantity: int = 1) -> Order:
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    return order_place(
        cart=cart,
        details=details(method, email=email),
        checkout_token=uuid.uuid4().hex,
        user=None,
        accepted_terms=None,
        accepted_returns_policy=None,
        client=ClientContext(ip=NL_IP, device_id="d" * 32, session_key="s" * 32),
        quote_fingerprint=None,
    )


@pytest.mark.parametrize("method", NOT_CARD)
def test_a_block_places_nothing_and_takes_no_stock(screened, method):
    weigh_disposable_email(100)
    with pytest.raises(PaymentBlocked) as blocked:
        place(screened, method)
    assert not Order.objects.exists() and not Payment.objects.exists()
    screened.refresh_from_db()
    assert screened.stock == 5
    kept = RiskAssessment.objects.get()  # the attempt is kept for the merchant, with its reasons
    assert (kept.decision, kept.method, kept.order_id) == (Decision.BLOCK, method, None)
    assert kept.email == THROWAWAY and kept.client_ip == NL_IP and "disposable_email" in kept.signal_keys
    message = blocked.value.message
    assert "couldn't accept this order" in message and "Nothing was charged" in message


@pytest.mark.parametrize("method", NOT_CARD)
def test_an_allowed_order_is_screened_once_and_linked_to_its_order(screened, method):
    order = place(screened, method, email="lena@example.com")
    assessment = RiskAssessment.objects.get()
    assert (assessment.order, assessment.order_number, assessment.method) == (order, order.number, method)
    assert assessment.decision == Decision.ALLOW
    if method in OFFLINE:
        assert assessment.payment == order.payments.get()  # its pending offline payment


@pytest.mark.parametrize("method", NOT_CARD)
def test_require_3ds_means_nothing_without_a_card(screened, method):
    weigh_disposable_email(40)
    order = place(screened, method)
    assert RiskAssessment.objects.get().decision == Decision.ALLOW
    assert order.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT)
    assert not order.flagged_reason


@pytest.mark.parametrize("method", OFFLINE)
def test_a_hold_waits_for_the_merchant_before_the_order_is_confirmed(
    screened, method, client, django_capture_on_commit_callbacks
):
    weigh_disposable_email(70)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = place(screened, method, quantity=2)
    order.refresh_from_db()
    screened.refresh_from_db()
    assert order.status == OrderStatus.HELD_FOR_REVIEW
    assert order.stock_reserved and screened.stock == 3  # held for the review window
    assert order.payments.get().state == PaymentState.PENDING
    assert list(review_queue()) == [RiskAssessment.objects.get(order=order)]

    page = client.get(order_signed_path(order=order)).content.decode()
    assert "Please do not pay yet" in page and settings.MERCHANT_IBAN not in page
    assert "We hold these items for you until" in page
    email = next(m for m in mail.outbox if order.number in m.subject)
    assert "Please do not pay yet" in email.body and settings.MERCHANT_IBAN not in email.body


def test_a_held_direct_debit_is_flagged_for_a_look_before_shipping(screened):
    weigh_disposable_email(70)
    order = place(screened, PaymentMethod.SEPA_DEBIT)
    order.refresh_from_db()
    assert "check before shipping" in order.flagged_reason
    assert RiskAssessment.objects.get().decision == Decision.REVIEW


def test_the_merchant_confirms_a_held_bank_transfer_and_the_shopper_gets_the_details(
    screened, merchant_client, django_capture_on_commit_callbacks
):
    weigh_disposable_email(70)
    order = place(screened, PaymentMethod.BANK_TRANSFER)
    assessment = RiskAssessment.objects.get(order=order)
    queue = merchant_client.get(reverse("admin:fraud_review_queue")).content.decode()
    assert order.number in queue and "Confirm the order" in queue

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = merchant_client.post(reverse("admin:fraud_review", args=[assessment.pk]), {"action": "capture"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.expires_at > timezone.now() + datetime.timedelta(hours=settings.OFFLINE_HOLD_HOURS - 1)  # new window
    email = next(m for m in mail.outbox if order.number in m.subject)
    assert settings.MERCHANT_IBAN in email.body
    after = merchant_client.get(reverse("admin:fraud_review_queue")).content.decode()
    assert "confirmed, the shopper is told how to pay" in after and 'data-testid="queue-empty"' in after


def test_the_merchant_refuses_a_held_cash_on_delivery_order_and_the_stock_comes_back(screened, merchant_client):
    weigh_disposable_email(70)
    order = place(screened, PaymentMethod.CASH_ON_DELIVERY)
    assessment = RiskAssessment.objects.get(order=order)
    merchant_client.post(reverse("admin:fraud_review", args=[assessment.pk]), {"action": "cancel", "was_fraud": "yes"})
    order.refresh_from_db()
    screened.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and screened.stock == 5
    assert order.payments.get().state == PaymentState.CANCELED


def test_a_held_order_nobody_reviewed_is_released_exactly_when_its_hold_ends(screened):
    weigh_disposable_email(70)
    order = place(screened, PaymentMethod.BANK_TRANSFER)
    assert orders_expire_unpaid(now=order.expires_at) == 0
    assert orders_expire_unpaid(now=order.expires_at + datetime.timedelta(microseconds=1)) == 1
    order.refresh_from_db()
    screened.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and screened.stock == 5


def assert_no_signal_leaks(text: str) -> None:
    lowered = text.lower()
    for leak in ("disposable", "throwaway", "score", "risk", "fraud", "signal", "velocity", *SIGNAL_KEYS):
        assert leak not in lowered, leak


@pytest.mark.parametrize("method", NOT_CARD)
def test_a_blocked_checkout_says_what_to_do_next_with_links_and_never_why(client, screened, method):
    weigh_disposable_email(100)
    page, token = walk_to_review(client, screened, method=method)
    # The review's address step used guest@example.com: make this checkout's email the throwaway one.
    session = client.session
    session["checkout"] = {**session["checkout"], "email": THROWAWAY}
    session.save()
    page = client.get("/checkout/review/").content.decode()
    data = pay_form(page, token)
    if method == PaymentMethod.SEPA_DEBIT:
        data.update(iban="DE89 3704 0044 0532 0130 00", account_holder="Lena")

    response = client.post("/checkout/pay/", data)

    assert response.status_code == 400
    html = response.content.decode()
    message = re.search(r'<p class="alert alert-error" role="alert">([^<]+)</p>', html).group(1)
    assert "couldn&#x27;t accept this order" in message and "another payment method" in message
    assert "contact our support team" in message
    panel = re.search(r'<div class="alert alert-warning pay-blocked"[^>]*>(.*?)</div>', html, re.S)
    assert panel and "hidden" not in panel.group(0).split(">")[0]
    assert 'href="/checkout/payment-method/"' in panel.group(1)
    assert 'href="/support/?topic=payment"' in panel.group(1)
    assert_no_signal_leaks(message + panel.group(1))
    assert "disposable" not in html.lower()  # no signal detail anywhere on the page
    assert not Order.objects.exists()
    assert CartLine.objects.exists()  # the cart is intact: choose another method and go on


@pytest.mark.localstripe
def test_a_blocked_card_offers_another_card_another_method_and_support(client, screened, localstripe):
    """A card is screened per attempt, after the order exists: the order is cancelled, its items go back in the
    cart, and the shopper can try another card or method from the review page, or contact support."""
    weigh_disposable_email(100)
    page, token = walk_to_review(client, screened)
    assert 'id="pay-blocked"' in page  # the panel checkout.js reveals on a "blocked" answer
    session = client.session
    session["checkout"] = {**session["checkout"], "email": THROWAWAY}
    session.save()
    page = client.get("/checkout/review/").content.decode()

    response = client.post(
        "/checkout/pay/",
        {**pay_form(page, token), "payment_method_id": card_token(localstripe, CARD_OK)},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "blocked"
    message = answer["message"]
    order = Order.objects.get()
    assert "You have not been charged" in message and "another card" in message
    assert "bank transfer" in message and "support team" in message and order.number in message
    assert_no_signal_leaks(message)
    assert not Payment.objects.exists()
    order.refresh_from_db()
    screened.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and screened.stock == 5
    assert CartLine.objects.get().quantity == 1  # back in the cart
    again = client.get("/checkout/review/")  # "Try another card": a fresh review of the same cart
    assert again.status_code == 200 and "Pay €29.95" in again.content.decode()
    assert client.session["checkout"]["token"] != token
