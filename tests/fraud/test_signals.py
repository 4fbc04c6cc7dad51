"""Each signal fires on real data (orders, payment attempts, earlier screenings) and stays silent without it."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from accounts.factories import UserFactory
from fraud.client import client_ip
from fraud.models import Decision, RiskAssessment, RiskSettings, RiskSignalWeight
from fraud.reasons import signal_detail
from fraud.scoring import ip_country_lookup
from orders.states import OrderStatus
from payments.models import PaymentState
from tests.fraud.conftest import DE_IP, NL_IP, US_IP, attempt, keys, make_order, screen

pytestmark = pytest.mark.django_db

DECLINED = PaymentState.FAILED


def test_a_plain_first_order_fires_nothing_and_is_allowed(fraud_setup):
    decision = screen(make_order())
    assert decision.decision == Decision.ALLOW
    assert decision.score == 0
    assert decision.assessment.signals == []
    assert decision.assessment.ip_country == "NL"


def test_email_velocity_counts_earlier_attempts_in_the_last_hour_only(fraud_setup):
    order = make_order(email="rush@example.com")
    for n in range(4):
        attempt(order, card=f"fp:c{n}", ip=None)
    attempt(order, card="fp:old", ip=None, minutes_ago=90)  # outside the hour
    assert "email_attempts_1h" not in keys(screen(order, ip=None, card="fp:new"))  # 4 earlier in the hour
    decision = screen(order, ip=None, card="fp:new2")
    assert "email_attempts_1h" in keys(decision)
    detail = next(signal_detail(s) for s in decision.assessment.signals if s["key"] == "email_attempts_1h")
    assert detail == "5 earlier payment attempts with rush@example.com in the last hour"


def test_email_failures_in_a_day_include_unscreened_failed_payments(fraud_setup):
    order = make_order(email="fails@example.com")
    attempt(order, outcome=DECLINED, minutes_ago=600, card="fp:a")
    attempt(order, outcome=DECLINED, minutes_ago=300, card="fp:b")
    assert "email_failures_24h" not in keys(screen(order, card="fp:z"))
    # A failed SEPA payment (never screened) counts too.
    from orders.models import PaymentMethod
    from payments.models import Payment

    Payment.objects.create(
        order=order, method=PaymentMethod.SEPA_DEBIT, state=DECLINED, amount=100, currency="EUR"
    )
    assert "email_failures_24h" in keys(screen(order, card="fp:y"))


def test_card_testing_from_one_ip_fires_ip_failures_and_many_cards(fraud_setup):
    for n in range(3):
        attempt(make_order(email=f"x{n}@example.com", total=150), ip=US_IP, card=f"fp:stolen{n}", outcome=DECLINED)
    decision = screen(make_order(email="x9@example.com", total=150), ip=US_IP, card="fp:stolen9")
    assert {"ip_failures_1h", "ip_cards_1h"} <= keys(decision)
    # Another address is untouched by that IP's history.
    assert not {"ip_failures_1h", "ip_cards_1h"} & keys(screen(make_order(email="ok@example.com"), ip=DE_IP))


def test_card_used_with_many_emails_and_declined_often(fraud_setup):
    for n in range(3):
        attempt(make_order(email=f"p{n}@example.com"), ip=None, card="fp:shared", outcome=DECLINED, minutes_ago=60 * n)
    decision = screen(make_order(email="p9@example.com"), ip=None, card="fp:shared")
    assert {"card_emails_24h", "card_failures_24h"} <= keys(decision)


def test_device_cookie_velocity(fraud_setup):
    for n in range(5):
        attempt(make_order(email=f"d{n}@example.com"), ip=None, device="a" * 32, card=f"fp:d{n}", outcome=DECLINED)
    decision = screen(make_order(email="d9@example.com"), ip=None, device="a" * 32, card="fp:d9")
    assert {"device_attempts_1h", "device_failures_24h"} <= keys(decision)
    assert not {"device_attempts_1h", "device_failures_24h"} & keys(
        screen(make_order(email="e9@example.com"), ip=None, device="b" * 32, card="fp:e9")
    )


def test_repeated_3ds_failures_for_the_shopper(fraud_setup):
    order = make_order(email="tds@example.com")
    for card in ("fp:t1", "fp:t2"):
        attempt(order, card=card, outcome=DECLINED, error_code="payment_intent_authentication_failure")
    assert "three_ds_failures_24h" in keys(screen(order, card="fp:t3"))


def test_countries_card_vs_delivery_vs_ip(fraud_setup):
    order = make_order(country="NL")
    assert not keys(screen(order, ip=NL_IP, card_country="NL"))
    decision = screen(order, ip=US_IP, card_country="US")
    assert {"billing_shipping_country", "ip_shipping_country"} <= keys(decision)
    assert decision.assessment.ip_country == "US"
    # Private and loopback addresses have no country: nothing fires.
    assert "ip_shipping_country" not in keys(screen(order, ip="10.1.2.3"))
    assert ip_country_lookup("127.0.0.1") == ""


def test_longest_prefix_wins_in_the_ip_table(fraud_setup):
    from fraud.models import IPCountryRange

    IPCountryRange.objects.create(network="203.0.113.128/25", country="GB")
    assert ip_country_lookup("203.0.113.200") == "GB"
    assert ip_country_lookup("203.0.113.5") == "US"
    assert ip_country_lookup("2001:db8::1") == ""


def test_order_far_above_the_normal_basket(fraud_setup):
    for n in range(20):
        make_order(email=f"b{n}@example.com", total=3_000 + n * 100, status=OrderStatus.PAID)
    # p90 of 3000..4900 is 4700; three times is 14100.
    assert "basket_outlier" not in keys(screen(make_order(email="q@example.com", total=14_000)))
    decision = screen(make_order(email="q2@example.com", total=20_000))
    assert "basket_outlier" in keys(decision)


def test_basket_signal_stays_silent_without_enough_history(fraud_setup):
    for n in range(5):
        make_order(email=f"b{n}@example.com", total=1_000, status=OrderStatus.PAID)
    assert "basket_outlier" not in keys(screen(make_order(email="q@example.com", total=900_000)))


def test_new_account_with_a_high_value_order(fraud_setup):
    fresh = UserFactory(email="new@example.com")
    assert "new_account_high_value" in keys(screen(make_order(email=fresh.email, user=fresh, total=45_000)))
    assert "new_account_high_value" not in keys(screen(make_order(email=fresh.email, user=fresh, total=2_000)))
    old = UserFactory(email="old@example.com", date_joined=timezone.now() - datetime.timedelta(days=40))
    assert "new_account_high_value" not in keys(screen(make_order(email=old.email, user=old, total=45_000)))


def test_disposable_email_domain_from_the_maintained_list(fraud_setup):
    decision = screen(make_order(email="someone@mailinator.com"))
    assert "disposable_email" in keys(decision)
    assert "mailinator.com" in signal_detail(decision.assessment.signals[0])
    assert "disposable_email" in keys(screen(make_order(email="x@inbox.mailinator.com")))
    assert "disposable_email" not in keys(screen(make_order(email="someone@gmail.com")))


def test_weights_and_thresholds_are_the_merchants(fraud_setup):
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=95)
    decision = screen(make_order(email="someone@mailinator.com"))
    assert decision.score == 95
    assert decision.decision == Decision.BLOCK
    RiskSignalWeight.objects.filter(key="disposable_email").update(enabled=False)
    assert screen(make_order(email="someone@mailinator.com")).decision == Decision.ALLOW


@pytest.mark.parametrize(
    ("weight", "expected"),
    [(29, Decision.ALLOW), (30, Decision.REQUIRE_3DS), (60, Decision.REVIEW), (90, Decision.BLOCK)],
)
def test_decision_by_threshold(fraud_setup, weight, expected):
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=weight)
    assert screen(make_order(email="t@mailinator.com")).decision == expected


def test_thresholds_must_rise(fraud_setup):
    from django.core.exceptions import ValidationError

    settings_row = RiskSettings.objects.get(pk=1)
    settings_row.review_at = 20
    with pytest.raises(ValidationError):
        settings_row.full_clean()


def test_screening_works_without_any_settings_rows(db):
    """Defaults apply when the rows are missing: a disposable email still scores."""
    decision = screen(make_order(email="t@mailinator.com"), ip=None)
    assert decision.score == 20


def test_blocked_attempts_are_kept_with_their_reasons(fraud_setup):
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=100)
    decision = screen(make_order(email="t@mailinator.com"))
    assert decision.blocked
    stored = RiskAssessment.objects.get(pk=decision.assessment.pk)
    assert stored.payment is None and stored.decision == Decision.BLOCK
    assert stored.signals[0]["key"] == "disposable_email" and stored.signals[0]["weight"] == 100
    assert stored.order_number.startswith("TM-")


# --- Client IP behind proxies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "xff", "remote", "expected"),
    [
        (0, "1.2.3.4", "203.0.113.9", "203.0.113.9"),  # no proxy: the header is the client's lie
        (1, "6.6.6.6, 198.51.100.7", "10.0.0.1", "198.51.100.7"),  # one proxy: its appended entry, not the leftmost
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "10.0.0.1", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1", "10.0.0.1"),  # fewer hops than proxies: not trusted
        (1, "not-an-ip", "10.0.0.1", "10.0.0.1"),
    ],
)
def test_client_ip_is_read_from_the_right_of_x_forwarded_for(count, xff, remote, expected):
    request = RequestFactory().post("/", HTTP_X_FORWARDED_FOR=xff, REMOTE_ADDR=remote)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def test_device_cookie_is_set_on_checkout_pages_only_httponly(client, fraud_setup):
    from django.urls import reverse

    from fraud.client import DEVICE_COOKIE

    assert DEVICE_COOKIE not in client.get("/").cookies
    response = client.get(reverse("checkout:fees"))
    cookie = response.cookies[DEVICE_COOKIE]
    assert len(cookie.value) == 32 and cookie["httponly"] and cookie["samesite"] == "Lax"
    # Kept, not rotated, on the next page.
    assert DEVICE_COOKIE not in client.get(reverse("checkout:fees")).cookies


def test_device_ids_never_look_like_a_card_number():
    """They are stored with every assessment: a card-number scan of the database must not trip over them."""
    from fraud.client import device_id_new
    from tests.security.card_scan import card_numbers_in

    ids = [device_id_new() for _ in range(2000)]
    assert len(set(ids)) == 2000 and all(len(value) == 32 and value.isalnum() for value in ids)
    assert card_numbers_in(" ".join(ids)) == []


# --- Stripe's own outcome, when the API gives one (localstripe never does) ------------------------------------


def test_stripe_risk_level_adds_a_signal_and_flags_a_paid_order(fraud_setup):
    """localstripe's charges have no ``outcome``: the risk level is given directly, as the gateway would read it."""
    from fraud.services import assessment_record_stripe_outcome

    order = make_order()
    assessment = attempt(order, ip=US_IP, card_country="US")  # 25 points: allowed
    assert assessment.decision == Decision.ALLOW
    assessment_record_stripe_outcome(payment=assessment.payment, risk_level="highest")
    assessment.refresh_from_db()
    order.refresh_from_db()
    assert "stripe_risk_highest" in assessment.signal_keys and assessment.score == 85
    assert assessment.stripe_risk_level == "highest"
    assert "Stripe rated the payment's risk as highest" in order.flagged_reason
    # Recorded once: a second re-read does not add it again.
    assessment_record_stripe_outcome(payment=assessment.payment, risk_level="highest")
    assessment.refresh_from_db()
    assert assessment.score == 85


@pytest.mark.parametrize("level", ["", "normal"])
def test_no_or_normal_stripe_risk_changes_nothing(fraud_setup, level):
    from fraud.services import assessment_record_stripe_outcome

    order = make_order()
    assessment = attempt(order)
    assessment_record_stripe_outcome(payment=assessment.payment, risk_level=level)
    assessment.refresh_from_db()
    order.refresh_from_db()
    assert assessment.score == 0 and not order.flagged_reason


def test_demo_seed_is_idempotent_and_keeps_the_merchants_tuning(db):
    from demo.seeding.fraud import seed_fraud
    from fraud.defaults import SIGNAL_DEFAULTS
    from fraud.models import IPCountryRange

    seed_fraud()
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=77)
    seed_fraud()
    assert RiskSignalWeight.objects.count() == len(SIGNAL_DEFAULTS) == 19 and IPCountryRange.objects.count() == 4
    assert RiskSignalWeight.objects.get(key="disposable_email").weight == 77
    assert RiskSettings.objects.count() == 1


def test_only_stripe_ids_are_looked_up_or_stored_never_a_raw_card_number(fraud_setup, monkeypatch):
    """A client posting a card number instead of a token: no Stripe lookup (its URL would carry the number into
    stripe-python's debug log) and nothing stored."""
    from fraud.services import payment_attempt_screen
    from payments import gateway

    looked_up = []
    monkeypatch.setattr(gateway, "card_facts", lambda **kw: looked_up.append(kw) or None, raising=False)
    decision = payment_attempt_screen(order=make_order(), payment_method_token="4242424242424242")
    assert looked_up == []
    assert decision.assessment.card_key == ""
    assert "4242424242424242" not in str(RiskAssessment.objects.values_list().get(pk=decision.assessment.pk))
