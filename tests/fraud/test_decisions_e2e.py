"""Each decision path end to end against a real localstripe: allow, 3-D Secure requested, held (manual capture,
then captured or cancelled from the review queue), blocked (no Stripe call, attempt kept).

The screening reads the card's fingerprint from localstripe (``gateway.card_facts``): tokens of one card number
share it, like Stripe's.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
import requests
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from checkout.services import CheckoutDetails, order_place, payment_card_start
from fraud.client import ClientContext
from fraud.models import Decision, ReviewDecision, RiskAssessment, RiskSignalWeight
from fraud.services import PaymentBlocked
from orders.access import order_signed_path
from orders.models import DeliveryOption, Order
from orders.states import OrderStatus
from payments import gateway
from payments.models import Payment, PaymentState
from payments.services import payment_settle
from shop.selectors import CartItem, CartSummary
from tests.fraud.conftest import NL_IP, US_IP, make_order
from tests.payments.conftest import CARD_3DS, CARD_DECLINE, CARD_OK, authenticate

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

CARDS_3DS_FAILABLE = ["4000002760003184", "4000000000003220", "4000002500003155", "4000008260003178"]


def token(base_url: str, number: str, country: str | None = "NL") -> str:
    data = {
        "card[number]": number,
        "card[exp_month]": "12",
        "card[exp_year]": "2031",
        "card[cvc]": "123",
        "key": "pk_test_fraud_suite",
    }
    if country:
        data["card[address_country]"] = country
    response = requests.post(f"{base_url}/v1/tokens", data=data, timeout=10)
    response.raise_for_status()
    return response.json()["card"]["id"]


def place(product, *, email="lena@example.com", user=None, quantity=1, country="NL", address="Damrak 1") -> Order:
    option = DeliveryOption.objects.filter(zone__countries__contains=country).order_by("position").first()
    details = CheckoutDetails(
        email=email, full_name="Lena Shopper", address_line1=address, address_line2="", postal_code="1012 LG",
        city="Amsterdam", country=country, phone="", delivery_option_id=option.pk, payment_method="card",
    )
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    return order_place(
        cart=cart, details=details, checkout_token=uuid.uuid4().hex, user=user, accepted_terms=None,
        accepted_returns_policy=None, client=None, quote_fingerprint=None,
    )


@pytest.fixture
def screened(shop, fraud_setup):
    return shop


@pytest.fixture
def spy_create(monkeypatch):
    calls = []
    real = gateway.intent_create

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(gateway, "intent_create", spy)
    return calls


def test_allow_a_normal_payment_goes_through_untouched(screened, localstripe, spy_create):
    order = place(screened)
    outcome = payment_card_start(
        order=order, payment_method_id=token(localstripe, CARD_OK), client=ClientContext(ip=NL_IP, device_id="a" * 32)
    )
    order.refresh_from_db()
    assert outcome.status == PaymentState.SUCCEEDED and order.status == OrderStatus.PAID
    assessment = RiskAssessment.objects.get(order=order)
    assert assessment.decision == Decision.ALLOW and assessment.signals == []
    assert assessment.payment == outcome.payment  # linked: its failures would count later
    assert assessment.card_key.startswith("fp:")  # Stripe's fingerprint, not the one-time token
    assert assessment.client_ip == NL_IP and assessment.device_id == "a" * 32
    assert not spy_create[0].get("request_three_d_secure") and not spy_create[0].get("manual_capture")


def test_card_fingerprint_is_the_same_for_two_tokens_of_one_card(screened, localstripe):
    first = gateway.card_facts(payment_method_id=token(localstripe, CARD_OK))
    second = gateway.card_facts(payment_method_id=token(localstripe, CARD_OK, country="DE"))
    assert first.fingerprint and first.fingerprint == second.fingerprint
    assert (first.country, second.country) == ("NL", "DE")


def test_require_3ds_asks_stripe_for_a_challenge_and_pays_after_it(screened, localstripe, spy_create):
    """localstripe ignores ``request_three_d_secure`` (README of localstripe.md): the test checks we ask for it,
    and uses a 3-D Secure card so the challenge really happens."""
    RiskSignalWeight.objects.filter(key="billing_shipping_country").update(weight=35)
    order = place(screened)
    outcome = payment_card_start(
        order=order, payment_method_id=token(localstripe, CARD_3DS, country="US"), client=ClientContext(ip=NL_IP)
    )
    assert RiskAssessment.objects.get(order=order).decision == Decision.REQUIRE_3DS
    assert spy_create[0]["request_three_d_secure"] is True
    assert outcome.status == PaymentState.REQUIRES_ACTION
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    payment = payment_settle(payment=outcome.payment, via="card")
    order.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED and order.status == OrderStatus.PAID


def _held(product, localstripe, **place_kwargs) -> tuple[Order, Payment]:
    RiskSignalWeight.objects.filter(key="ip_shipping_country").update(weight=65)
    order = place(product, **place_kwargs)
    outcome = payment_card_start(
        order=order, payment_method_id=token(localstripe, CARD_OK), client=ClientContext(ip=US_IP)
    )
    order.refresh_from_db()
    return order, outcome.payment


def test_review_holds_the_payment_with_manual_capture_keeps_stock_and_tells_the_shopper(
    screened, localstripe, spy_create, client
):
    order, payment = _held(screened, localstripe, quantity=2)
    assert spy_create[0]["manual_capture"] is True
    payment.refresh_from_db()
    screened.refresh_from_db()
    assert payment.state == PaymentState.REQUIRES_CAPTURE
    assert order.status == OrderStatus.HELD_FOR_REVIEW
    assert screened.stock == 3 and order.stock_reserved  # reserved while the merchant looks
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "held for a short check" in page and "You have not been charged" in page
    contact = reverse("support:contact")
    assert f"{contact}?topic=payment&amp;order={order.number}" in page


def test_merchant_captures_a_held_payment_from_the_review_queue(screened, localstripe, merchant_client):
    order, payment = _held(screened, localstripe)
    queue = merchant_client.get(reverse("admin:fraud_review_queue")).content.decode()
    assert order.number in queue
    assert "The shopper&#x27;s internet address is in another country" in queue  # plain words
    assert "internet address 203.0.113.30 is in US, delivery to NL" in queue
    assessment = RiskAssessment.objects.get(order=order)

    response = merchant_client.post(
        reverse("admin:fraud_review", args=[assessment.pk]), {"action": "capture", "was_fraud": "no", "note": "called"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PAID and payment.state == PaymentState.SUCCEEDED
    review = ReviewDecision.objects.get(assessment=assessment)
    assert (review.decision, review.was_fraud, review.note) == ("captured", False, "called")
    after = merchant_client.get(reverse("admin:fraud_review_queue")).content.decode()
    assert "payment captured, the order is paid" in after and 'data-testid="queue-empty"' in after
    # A second click is refused, nothing is captured twice.
    merchant_client.post(reverse("admin:fraud_review", args=[assessment.pk]), {"action": "capture"})
    assert ReviewDecision.objects.filter(assessment=assessment).count() == 1
    report = merchant_client.get(reverse("admin:fraud_report")).content.decode()
    assert 'data-testid="fp-rate">100%' in report


def test_merchant_cancels_a_held_payment_stock_is_released(screened, localstripe, merchant_client):
    order, payment = _held(screened, localstripe)
    assessment = RiskAssessment.objects.get(order=order)
    merchant_client.post(reverse("admin:fraud_review", args=[assessment.pk]), {"action": "cancel", "was_fraud": "yes"})
    order.refresh_from_db()
    payment.refresh_from_db()
    screened.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and payment.state == PaymentState.CANCELED
    assert screened.stock == 5
    assert ReviewDecision.objects.get(assessment=assessment).was_fraud is True
    report = merchant_client.get(reverse("admin:fraud_report")).content.decode()
    assert 'data-testid="fp-rate">0%' in report


def test_staff_without_the_review_permission_cannot_capture(screened, localstripe, client, django_user_model):
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.receivers import MFA_SETUP_SESSION_KEY

    order, payment = _held(screened, localstripe)
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.com", "pw-long-enough-1", is_staff=True)
    TOTP.activate(clerk, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(clerk)
    session = client.session
    session[MFA_SETUP_SESSION_KEY] = str(clerk.pk)
    session.save()
    assessment = RiskAssessment.objects.get(order=order)
    assert client.get(reverse("admin:fraud_review_queue")).status_code == 403
    assert client.post(reverse("admin:fraud_review", args=[assessment.pk]), {"action": "capture"}).status_code == 403
    payment.refresh_from_db()
    assert payment.state == PaymentState.REQUIRES_CAPTURE


def test_card_testing_against_localstripe_ends_blocked_without_calling_stripe(screened, localstripe, spy_create):
    """Small orders, a new email and a new card each time, all from one address; the cards fail (decline or a
    failed 3-D Secure check). After three failures the next attempt never reaches Stripe."""
    screened.price_amount = 150
    screened.save()
    cards = [CARD_DECLINE, *CARDS_3DS_FAILABLE]
    for n, number in enumerate(cards[:3]):
        order = place(screened, email=f"bot{n}@example.net")
        outcome = payment_card_start(
            order=order, payment_method_id=token(localstripe, number, country="US"), client=ClientContext(ip=US_IP)
        )
        if outcome.status == PaymentState.REQUIRES_ACTION:
            authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=False)
            payment_settle(payment=outcome.payment, via="card")
        outcome.payment.refresh_from_db()
        assert outcome.payment.state == PaymentState.FAILED
    creates_before = len(spy_create)
    order = place(screened, email="bot9@example.net")
    screened.refresh_from_db()
    stock_with_order = screened.stock
    with pytest.raises(PaymentBlocked) as blocked:
        payment_card_start(
            order=order, payment_method_id=token(localstripe, cards[3], country="US"), client=ClientContext(ip=US_IP)
        )
    message = blocked.value.message
    assert "couldn't accept this payment" in message and "not been charged" in message and order.number in message
    # It says what to do next (another card, another method, support) but never which rule or signal fired.
    assert "another card" in message and "bank transfer" in message and "support" in message
    for word in ("country", "address", "risk", "fraud", "score", "ip_", "failures", "declined"):
        assert word not in message.lower()
    assert len(spy_create) == creates_before  # no PaymentIntent
    assert not Payment.objects.filter(order=order).exists()
    kept = RiskAssessment.objects.get(order=order)
    assert kept.decision == Decision.BLOCK and {"ip_failures_1h", "ip_cards_1h"} <= set(kept.signal_keys)
    screened.refresh_from_db()
    assert screened.stock == stock_with_order + 1  # a blocked order holds no stock


def test_blocked_checkout_shows_the_clear_message_and_keeps_the_attempt(screened, localstripe, client):
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=100)
    order = place(screened, email="throwaway@mailinator.com")
    response = client.post(
        reverse("orders:order_pay", args=[order.number]) + "?key=" + order_signed_path(order=order).split("key=")[1],
        {"payment_method_id": token(localstripe, CARD_OK)},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "We couldn't accept this payment. You have not been charged." in response.json()["message"]
    assert RiskAssessment.objects.get(order=order).decision == Decision.BLOCK
    assert not Payment.objects.filter(order=order).exists()


def test_the_client_ip_behind_a_proxy_is_the_one_screened(screened, localstripe, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    order = place(screened)
    client.post(
        reverse("orders:order_pay", args=[order.number]) + "?key=" + order_signed_path(order=order).split("key=")[1],
        {"payment_method_id": token(localstripe, CARD_OK)},
        HTTP_ACCEPT="application/json",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.77",
        REMOTE_ADDR="10.0.0.1",
    )
    assert RiskAssessment.objects.get(order=order).client_ip == "203.0.113.77"


def test_new_account_high_value_at_checkout(screened, localstripe):
    user = UserFactory(email="fresh@example.com", date_joined=timezone.now() - datetime.timedelta(hours=2))
    screened.price_amount = 40_000
    screened.save()
    order = place(screened, email=user.email, user=user)
    payment_card_start(order=order, payment_method_id=token(localstripe, CARD_OK), client=ClientContext(ip=NL_IP))
    assert "new_account_high_value" in RiskAssessment.objects.get(order=order).signal_keys


def test_history_orders_are_listed_in_the_queue(screened, localstripe, merchant_client):
    earlier = make_order(email="lena@example.com", status=OrderStatus.PAID)
    order, _payment = _held(screened, localstripe)
    queue = merchant_client.get(reverse("admin:fraud_review_queue")).content.decode()
    assert earlier.number in queue and "1 paid order before" in queue


def test_the_merchant_group_can_review_held_payments(screened, localstripe, client, django_user_model):
    """The demo merchant is staff in the "merchant" group (not a superuser): the queue and its buttons work."""
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.receivers import MFA_SETUP_SESSION_KEY
    from accounts.services import merchant_group_ensure

    order, payment = _held(screened, localstripe)
    staff = django_user_model.objects.create_user("shopkeeper", "keeper@example.com", "pw-long-enough-1", is_staff=True)
    staff.groups.add(merchant_group_ensure())
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(staff)
    session = client.session
    session[MFA_SETUP_SESSION_KEY] = str(staff.pk)
    session.save()
    assert order.number in client.get(reverse("admin:fraud_review_queue")).content.decode()
    assert client.get(reverse("admin:fraud_report")).status_code == 200
    assessment = RiskAssessment.objects.get(order=order)
    client.post(reverse("admin:fraud_review", args=[assessment.pk]), {"action": "cancel"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_re_reads_expand_the_charge_so_stripes_risk_level_can_be_recorded(screened, localstripe, monkeypatch):
    """localstripe's charges have no ``outcome``: the re-read is checked to ask for the charge, and a risk level
    given by a patched re-read (as Stripe would send it) reaches the assessment and flags the order."""
    import dataclasses

    import stripe

    asked = []
    real_retrieve = stripe.PaymentIntentService.retrieve

    def spy(self, intent, params=None, options=None):
        asked.append(params)
        return real_retrieve(self, intent, params, options)

    monkeypatch.setattr(stripe.PaymentIntentService, "retrieve", spy)
    order = place(screened)
    outcome = payment_card_start(order=order, payment_method_id=token(localstripe, CARD_3DS), client=ClientContext())
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    real = gateway.intent_retrieve
    monkeypatch.setattr(
        gateway, "intent_retrieve", lambda **kw: dataclasses.replace(real(**kw), risk_level="highest")
    )
    payment_settle(payment=outcome.payment, via="card")
    assert asked and asked[-1] == {"expand": ["latest_charge"]}
    order.refresh_from_db()
    assessment = RiskAssessment.objects.get(order=order)
    assert order.status == OrderStatus.PAID and "stripe_risk_highest" in assessment.signal_keys
    assert "Stripe rated the payment's risk as highest" in order.flagged_reason
