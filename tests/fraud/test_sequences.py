"""Realistic sequences through the screening, on real rows: card testing, account takeover, a loyal repeat buyer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from core.cache import pages_cache
from fraud.models import Decision
from fraud.reasons import signal_detail
from orders.states import OrderStatus
from payments.models import PaymentState
from tests.fraud.conftest import DE_IP, NL_IP, US_IP, attempt, keys, make_order, screen

pytestmark = pytest.mark.django_db


def test_card_testing_many_small_failed_attempts_from_one_ip_escalate_to_block(fraud_setup):
    """A script tries stolen cards for EUR 1.50 each from one address, a fresh email each time."""
    decisions = []
    for n in range(7):
        order = make_order(email=f"bot{n}@example.net", total=150)
        assessment = attempt(order, ip=US_IP, card=f"fp:stolen-{n}", card_country="US", outcome=PaymentState.FAILED)
        decisions.append(assessment.decision)
    # The first three pass (a foreign card from a foreign address: 25 points, under 3-D Secure's 30); after
    # three failures with three cards from one address every further attempt is blocked.
    assert decisions == [Decision.ALLOW] * 3 + [Decision.BLOCK] * 4
    last = attempt(make_order(email="bot9@example.net", total=150), ip=US_IP, card="fp:stolen-9")
    assert last.decision == Decision.BLOCK
    assert {"ip_failures_1h", "ip_cards_1h", "ip_attempts_1h"} <= set(last.signal_keys)
    assert "7 different cards tried from 203.0.113.30 in the last hour" in [signal_detail(s) for s in last.signals]
    assert last.payment is None  # blocked: no payment, Stripe never called
    # A shopper on another address at the same moment is not affected.
    assert screen(make_order(email="real@example.com"), ip=NL_IP).decision == Decision.ALLOW


def _established_customer():
    user = UserFactory(email="karin@example.com", date_joined=timezone.now() - datetime.timedelta(days=400))
    for days in (200, 90, 30):
        order = make_order(email=user.email, user=user, total=5_500, status=OrderStatus.PAID, placed_days_ago=days)
        attempt(order, ip=NL_IP, card="fp:karin-visa", card_country="NL")
    # A shop with a normal basket around EUR 40-60.
    for n in range(20):
        make_order(email=f"other{n}@example.com", total=4_000 + n * 100, status=OrderStatus.PAID)
    pages_cache.clear()  # the normal basket is cached for 15 minutes; the history above is new
    return user


def test_account_takeover_new_country_new_address_high_value_is_held_or_challenged(fraud_setup):
    user = _established_customer()
    order = make_order(
        email=user.email, user=user, total=89_900, country="DE", address="Friedrichstrasse 200", postal_code="10117"
    )
    decision = screen(order, ip=US_IP, card="fp:karin-visa", card_country="NL")
    assert {"new_address_for_account", "new_country_for_account", "ip_shipping_country", "basket_outlier"} <= keys(
        decision
    )
    assert decision.decision in (Decision.REVIEW, Decision.REQUIRE_3DS)
    assert decision.decision == Decision.REVIEW  # with the default weights: 10 + 15 + 15 + 10 + 20 = 70
    details = {s["key"]: signal_detail(s) for s in decision.assessment.signals}
    assert "US" in details["new_country_for_account"] and "NL" in details["new_country_for_account"]
    assert "Friedrichstrasse 200" in details["new_address_for_account"]


def test_a_normal_repeat_buyer_passes_untouched(fraud_setup):
    user = _established_customer()
    order = make_order(email=user.email, user=user, total=6_200)  # same address, NL, a usual amount
    decision = screen(order, ip=NL_IP, card="fp:karin-visa", card_country="NL", device="k" * 32)
    assert decision.assessment.signals == []
    assert decision.score == 0
    assert decision.decision == Decision.ALLOW


def test_a_repeat_buyer_travelling_is_only_asked_for_3ds_not_held(fraud_setup):
    """Same address and card, paying from Germany on holiday: one country signal, well below review."""
    user = _established_customer()
    order = make_order(email=user.email, user=user, total=6_200)
    decision = screen(order, ip=DE_IP, card="fp:karin-visa", card_country="NL")
    assert decision.decision in (Decision.ALLOW, Decision.REQUIRE_3DS)
    assert keys(decision) == {"ip_shipping_country", "new_country_for_account"}
