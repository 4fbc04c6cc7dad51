"""Every badge checked on real data, passing and failing."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db import models
from django.test import RequestFactory
from django.test.utils import isolate_apps
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.roles import FULFILMENT, SUPPORT
from accounts.services import roles_ensure
from orders.factories import OrderFactory, OrderLineFactory, order_move
from orders.models import OrderStatusChange
from orders.states import OrderStatus
from payments.models import Payment
from policies.models import Policy, PolicyVersion
from returns.models import ReturnsTerms
from shop.factories import ProductFactory
from support.factories import TicketFactory
from support.models import SupportSettings
from support.services import ticket_reply
from trust import badges
from trust.models import TrustSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def rf_request():
    return RequestFactory().get("/trust/")


# --- secure connection ---------------------------------------------------------------------------


def test_http_request_never_passes_the_secure_connection_badge():
    result = badges.badge_secure_connection(request=RequestFactory().get("/"))
    assert not result.passed
    assert "not loaded over HTTPS" in result.state


def test_https_request_passes_the_secure_connection_badge():
    result = badges.badge_secure_connection(request=RequestFactory().get("/", secure=True))
    assert result.passed and ("This page was loaded over", "HTTPS") in result.evidence


# --- card data ------------------------------------------------------------------------------------


def test_card_data_badge_passes_when_no_model_can_hold_card_data(rf_request):
    result = badges.badge_card_data_stripe(request=rf_request)
    assert result.passed, result.state
    assert badges.card_data_fields_find() == []


@isolate_apps("trust")
def test_a_model_field_that_could_hold_a_card_number_turns_the_badge_off(monkeypatch, rf_request):
    class SavedCard(models.Model):  # noqa: DJ008
        card_number = models.CharField(max_length=19)
        cvc = models.CharField(max_length=4)

        class Meta:
            app_label = "trust"

    real = apps.get_models()
    monkeypatch.setattr(badges.apps, "get_models", lambda: [*real, SavedCard])
    result = badges.badge_card_data_stripe(request=rf_request)
    assert not result.passed
    assert "trust.SavedCard.card_number" in result.state and "trust.SavedCard.cvc" in result.state


def test_names_that_only_look_alike_are_not_card_fields():
    @isolate_apps("trust")
    def make():
        class Thing(models.Model):  # noqa: DJ008
            expires_at = models.DateTimeField()
            company = models.CharField(max_length=10)
            span = models.IntegerField()
            card_last4 = models.CharField(max_length=4)

            class Meta:
                app_label = "trust"

        return Thing

    assert badges.card_data_fields_find(models=[make()]) == []


def test_card_data_badge_fails_when_scripts_may_come_from_elsewhere(settings, rf_request):
    csp = {**settings.CONTENT_SECURITY_POLICY}
    csp["DIRECTIVES"] = {**csp["DIRECTIVES"],
                         "script-src": [*csp["DIRECTIVES"]["script-src"], "https://cdn.tracker.example"]}
    settings.CONTENT_SECURITY_POLICY = csp
    result = badges.badge_card_data_stripe(request=rf_request)
    assert not result.passed and "https://cdn.tracker.example" in result.state


# --- 3-D Secure --------------------------------------------------------------------------------------


def _card_payment(*, authenticated: bool, state: str = "succeeded", method: str = "card"):
    order = OrderFactory()
    return Payment.objects.create(order=order, method=method, state=state, amount=1000, currency="EUR",
                                  authenticated_3ds=authenticated)


def test_3ds_badge_fails_honestly_without_card_payments(rf_request):
    result = badges.badge_three_d_secure(request=rf_request)
    assert not result.passed and "No card payments measured yet" in result.state


def test_3ds_badge_passes_when_card_payments_were_authenticated(rf_request):
    for _ in range(9):
        _card_payment(authenticated=True)
    _card_payment(authenticated=False)
    _card_payment(authenticated=False, state="failed")  # failed attempts are not counted
    _card_payment(authenticated=False, method="sepa_debit")  # nor other methods
    result = badges.badge_three_d_secure(request=rf_request)
    assert result.passed, result.state
    assert "90%" in result.state
    assert ("Successful card payments, last 30 days", "10") in result.evidence


def test_3ds_badge_fails_below_the_threshold_and_ignores_old_payments(rf_request):
    _card_payment(authenticated=True)
    _card_payment(authenticated=False)
    old = _card_payment(authenticated=True)
    Payment.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    result = badges.badge_three_d_secure(request=rf_request)
    assert not result.passed and "Only 50%" in result.state


# --- verified reviews -----------------------------------------------------------------------------


def _review(*, verified: bool, n: int):
    from reviews.models import Review

    user = UserFactory(username=f"reviewer{n}")
    product = ProductFactory()
    line = None
    if verified:
        order = OrderFactory(user=user, email=user.email)
        line = OrderLineFactory(order=order, product=product)
        for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            order_move(order=order, to_status=status, cause="test")
    return Review.objects.create(product=product, author=user, order_line=line, display_name=f"R{n}", rating=5,
                                 title="Great", body="Really great product.", status=Review.Status.PUBLISHED)


def test_verified_reviews_badge_fails_without_reviews(rf_request):
    result = badges.badge_verified_reviews(request=rf_request)
    assert not result.passed and "No published reviews yet" in result.state


def test_verified_reviews_badge_passes_when_reviews_come_from_real_orders(rf_request):
    for n in range(3):
        _review(verified=True, n=n)
    result = badges.badge_verified_reviews(request=rf_request)
    assert result.passed, result.state
    assert ("From a verified order", "3") in result.evidence


def test_an_unverified_review_pulls_the_share_below_the_bar(rf_request):
    _review(verified=True, n=1)
    _review(verified=False, n=2)
    result = badges.badge_verified_reviews(request=rf_request)
    assert not result.passed and "Only 50%" in result.state


# --- returns window ---------------------------------------------------------------------------------


def _returns_policy(text: str, *, number: int = 1, days_ago: int = 10, window_days: int | None = 30):
    policy, _ = Policy.objects.get_or_create(kind="returns", defaults={"title": "Returns policy"})
    version = PolicyVersion.objects.create(policy=policy, number=number, body_html=text, change_summary="test",
                                           effective_date=timezone.localdate() - datetime.timedelta(days=days_ago))
    if window_days is not None:
        ReturnsTerms.objects.create(policy_version=version, window_days=window_days, conditions="Unused.")
    return version


def test_returns_badge_reads_the_window_from_the_terms_in_force_not_from_prose(rf_request, staff_at_work):
    _returns_policy("<p>Return within [[return_window]].</p>", number=1, days_ago=20, window_days=14)
    # The prose says 90 days; the terms (what orders get) say 30: the badge says 30.
    _returns_policy("<p>Return within 90 days, that is [[return_window]].</p>", number=2, window_days=30)
    result = badges.badge_returns_window(request=rf_request)
    assert result.passed, result.state
    assert result.title == "30-day returns"
    evidence = dict(result.evidence)
    assert evidence["Returns window of the terms in force"] == "30 days"
    assert evidence["Returns policy in force"].startswith("version 2")
    assert result.evidence_url == "/policies/returns/"


def test_returns_badge_fails_when_the_policy_does_not_show_the_window_block(rf_request):
    _returns_policy("<p>Return any item within 30 days.</p>", window_days=30)
    result = badges.badge_returns_window(request=rf_request)
    assert not result.passed
    assert "does not state its 30-day window" in result.state


def test_returns_badge_fails_without_terms(rf_request):
    _returns_policy("<p>[[return_window]]</p>", window_days=None)
    result = badges.badge_returns_window(request=rf_request)
    assert not result.passed and "has no returns terms" in result.state
    assert result.title == "Returns window"


def test_returns_badge_ignores_a_version_not_yet_in_force(rf_request):
    _returns_policy("<p>[[return_window]]</p>", number=1, window_days=None)
    _returns_policy("<p>[[return_window]]</p>", number=2, days_ago=-5, window_days=30)  # in force in 5 days
    assert not badges.badge_returns_window(request=rf_request).passed


def test_returns_badge_fails_without_a_policy(rf_request):
    assert "No returns policy" in badges.badge_returns_window(request=rf_request).state


# --- delivery promise ----------------------------------------------------------------------------------


def _delivered_order(*, paid_at: datetime.datetime, business_days: int, promised_max: int = 0):
    order = OrderFactory(delivery_max_days=promised_max)
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order_move(order=order, to_status=status, cause="test")
    delivered_at = paid_at
    added = 0
    while added < business_days:
        delivered_at += datetime.timedelta(days=1)
        if delivered_at.weekday() < 5:
            added += 1
    changes = OrderStatusChange.objects.filter(order=order)
    changes.filter(to_status=OrderStatus.PAID).update(created_at=paid_at)
    changes.filter(to_status=OrderStatus.SHIPPED).update(created_at=paid_at + datetime.timedelta(hours=3))
    changes.filter(to_status=OrderStatus.DELIVERED).update(created_at=delivered_at)
    return order


def _a_monday_weeks_ago(weeks: int = 3) -> datetime.datetime:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7 * weeks)
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10, 0)))


def test_business_days_skip_weekends():
    friday = datetime.date(2026, 11, 20)
    assert badges.business_days_between(friday, friday + datetime.timedelta(days=3)) == 1  # Fri -> Mon
    assert badges.business_days_between(friday, friday) == 0


def test_delivery_badge_passes_when_enough_orders_arrived_on_time(rf_request):
    TrustSettings.objects.create(promised_delivery_days=5, delivery_min_orders=10, on_time_min_percent=90)
    monday = _a_monday_weeks_ago()
    for _ in range(9):
        _delivered_order(paid_at=monday, business_days=3)
    _delivered_order(paid_at=monday, business_days=7)  # one late: 90% on time
    result = badges.badge_delivery_promise(request=rf_request)
    assert result.passed, result.state
    evidence = dict(result.evidence)
    assert evidence["Delivered within the promise"] == "9" and evidence["On-time share"] == "90%"


def test_delivery_badge_fails_below_the_threshold(rf_request):
    TrustSettings.objects.create(promised_delivery_days=5, delivery_min_orders=4, on_time_min_percent=90)
    monday = _a_monday_weeks_ago()
    for days in (2, 3, 6, 8):
        _delivered_order(paid_at=monday, business_days=days)
    result = badges.badge_delivery_promise(request=rf_request)
    assert not result.passed and "Only 50%" in result.state


def test_each_order_is_measured_against_its_own_delivery_option(rf_request):
    TrustSettings.objects.create(promised_delivery_days=5, delivery_min_orders=2, on_time_min_percent=90)
    monday = _a_monday_weeks_ago()
    _delivered_order(paid_at=monday, business_days=3, promised_max=5)
    _delivered_order(paid_at=monday, business_days=3, promised_max=2)  # express promised 2 days: late
    result = badges.badge_delivery_promise(request=rf_request)
    assert not result.passed and "Only 50%" in result.state
    assert dict(result.evidence)["Measured against their delivery option"] == "2"


def test_delivery_badge_says_not_enough_data(rf_request):
    TrustSettings.objects.create(delivery_min_orders=10)
    _delivered_order(paid_at=_a_monday_weeks_ago(), business_days=1)
    result = badges.badge_delivery_promise(request=rf_request)
    assert not result.passed and "Not enough data yet" in result.state


# --- support response time --------------------------------------------------------------------------------


def _answered_ticket(hours: float, days_ago: int = 2):
    created = timezone.now() - datetime.timedelta(days=days_ago)
    ticket = TicketFactory(created_at=created)
    ticket_reply(ticket=ticket, author=None, body="Answer", now=created + datetime.timedelta(hours=hours),
                 notify=False)


def test_support_badge_passes_when_the_median_is_within_the_promise(rf_request, staff_at_work):
    SupportSettings.objects.create(first_response_hours=24)
    for hours in (2, 5, 30):
        _answered_ticket(hours)
    result = badges.badge_support_response(request=rf_request)
    assert result.passed, result.state
    assert dict(result.evidence)["Median first response, last 30 days"] == "5.0 hours"


def test_support_badge_fails_when_the_median_is_slower_than_promised(rf_request, staff_at_work):
    SupportSettings.objects.create(first_response_hours=4)
    for hours in (2, 5, 30):
        _answered_ticket(hours)
    result = badges.badge_support_response(request=rf_request)
    assert not result.passed and "longer than the 4 hours" in result.state


def test_support_badge_fails_without_tickets(rf_request):
    assert not badges.badge_support_response(request=rf_request).passed


@pytest.mark.parametrize("who", ["nobody", "inactive", "fulfilment only", "shopper with the permission"])
def test_badges_that_depend_on_staff_work_fail_when_no_active_staff_can_do_it(rf_request, who):
    SupportSettings.objects.create(first_response_hours=24)
    for hours in (2, 5):
        _answered_ticket(hours)
    _returns_policy("<p>Return within [[return_window]].</p>", window_days=30)
    groups = roles_ensure()
    if who == "inactive":
        UserFactory(username="gone", is_staff=True, is_active=False).groups.add(groups[SUPPORT])
    elif who == "fulfilment only":
        UserFactory(username="packer", is_staff=True).groups.add(groups[FULFILMENT])
    elif who == "shopper with the permission":
        UserFactory(username="shopper").groups.add(groups[SUPPORT])
    support = badges.badge_support_response(request=rf_request)
    assert not support.passed
    assert "No active staff member can answer support messages" in support.state
    assert dict(support.evidence)["Staff who can answer"] == "0"
    returns = badges.badge_returns_window(request=rf_request)
    if who == "fulfilment only":  # fulfilment handles returns received: that claim holds
        assert returns.passed, returns.state
    else:
        assert not returns.passed
        assert "No active staff member can handle returns" in returns.state


def test_a_support_agent_makes_the_support_claim_possible_again(rf_request):
    SupportSettings.objects.create(first_response_hours=24)
    _answered_ticket(2)
    assert not badges.badge_support_response(request=rf_request).passed
    UserFactory(username="agent", is_staff=True).groups.add(roles_ensure()[SUPPORT])
    assert badges.badge_support_response(request=rf_request).passed


# --- staff two-factor ------------------------------------------------------------------------------------


def test_every_staff_account_with_mfa_passes(rf_request):
    staff = UserFactory(username="boss", is_staff=True)
    UserFactory(username="shopper")  # shoppers are not counted
    UserFactory(username="gone", is_staff=True, is_active=False)  # nor deactivated staff
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    result = badges.badge_staff_two_factor(request=rf_request)
    assert result.passed, result.state
    assert dict(result.evidence)["Active staff accounts"] == "1"


def test_a_staff_account_without_mfa_turns_the_badge_off(rf_request):
    staff = UserFactory(username="boss", is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    lazy = UserFactory(username="intern", is_staff=True)
    Authenticator.objects.create(user=lazy, type=Authenticator.Type.RECOVERY_CODES, data={})  # not a second factor
    UserFactory(username="root", is_superuser=True)
    result = badges.badge_staff_two_factor(request=rf_request)
    assert not result.passed
    assert "2 staff accounts can sign in without a second factor" in result.state
    assert "intern" not in str(result.evidence)  # counts only: no usernames on a public page
