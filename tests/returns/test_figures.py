"""Live trust-centre figures and the returns badge that uses them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from returns.models import ReturnRequest
from returns.selectors import returns_figures
from returns.services import request_approve, request_create, request_mark_received, request_reject
from tests.returns.conftest import GOOD_IBAN, make_order, qty
from trust.badges import badge_returns_window

pytestmark = pytest.mark.django_db


def start(order, counts=(1,)):
    return request_create(
        order=order, kind="withdrawal", quantities=qty(order, *counts), iban=GOOD_IBAN, account_holder="B"
    )


def refund(order, counts=(1,)):
    rr = start(order, counts)
    request_approve(request=rr, instructions="Send", actor=None)
    return request_mark_received(request=rr, actor=None)


def test_figures_with_no_requests_claim_nothing():
    figures = returns_figures()
    assert figures.requests == 0 and figures.approved_percent is None and figures.on_time_percent is None
    assert figures.median_days_to_refund is None


def test_figures_count_approvals_refunds_and_median():
    a, b, c = refund(make_order()), refund(make_order()), refund(make_order())
    rejected = start(make_order())
    request_reject(request=rejected, code="item_not_received", next_steps="n", actor=None)
    start(make_order())  # still undecided: not in the approval share
    now = timezone.now()
    # received -> refunded took 1, 3 and 20 days (the last one too late: refund_by is received + 14 days).
    for rr, days in ((a, 1), (b, 3), (c, 20)):
        ReturnRequest.objects.filter(pk=rr.pk).update(
            received_at=now - datetime.timedelta(days=days),
            refund_by=now - datetime.timedelta(days=days) + datetime.timedelta(days=14),
            refunded_at=now,
        )
    figures = returns_figures(days=90)
    assert figures.requests == 5
    assert (figures.approved, figures.decided, figures.approved_percent) == (3, 4, 75)
    assert (figures.refunded, figures.refunded_on_time, figures.on_time_percent) == (3, 2, 66)
    assert figures.median_days_to_refund == 3.0


def test_figures_only_look_at_the_window():
    rr = refund(make_order())
    old = timezone.now() - datetime.timedelta(days=120)
    ReturnRequest.objects.filter(pk=rr.pk).update(created_at=old, refunded_at=old)
    figures = returns_figures(days=90)
    assert figures.requests == 0 and figures.refunded == 0


def _returns_policy_in_force(days=30):
    from policies.models import Policy, PolicyVersion
    from returns.models import ReturnsTerms

    policy, _ = Policy.objects.get_or_create(kind="returns", defaults={"title": "Returns"})
    version = PolicyVersion.objects.create(
        policy=policy,
        number=policy.versions.count() + 1,  # after the order's own version: the newest is in force
        body_html="<p>Return within [[return_window]] of delivery.</p>",
        change_summary="x",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    ReturnsTerms.objects.create(policy_version=version, window_days=days, conditions="Unused.")


def test_badge_shows_the_live_figures(returns_staff):
    order = make_order()
    _returns_policy_in_force()
    refund(order)
    result = badge_returns_window(request=None)
    evidence = dict(result.evidence)
    assert result.passed
    assert evidence["Return requests, last 90 days"] == "1"
    assert evidence["Requests approved"] == "100% (1/1)"
    assert evidence["Refunded within the 14 days we promise after receiving the items"] == "100% (1/1)"
    assert evidence["Median time from items received to refund"].endswith("days")


def test_badge_fails_when_a_refund_was_late(returns_staff):
    order = make_order()
    _returns_policy_in_force()
    rr = refund(order)
    now = timezone.now()
    ReturnRequest.objects.filter(pk=rr.pk).update(
        received_at=now - datetime.timedelta(days=20), refund_by=now - datetime.timedelta(days=6)
    )
    result = badge_returns_window(request=None)
    assert not result.passed
    assert "1 of 1 refunds in the last 90 days came later than the 14 days we promise" in result.state
