"""The return window is data: new terms publish a returns-policy version that shows them, with diff and summary;
the policy page, the badge and each order's last day follow; earlier orders keep their version's terms."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from demo.seeding.policies import seed_policies
from orders.factories import OrderFactory
from policies.models import Policy
from policies.selectors import policy_current_version, policy_page, policy_version_body
from policies.services import policy_get_or_create, policy_publish
from returns.models import ReturnsTerms
from returns.selectors import kind_last_day, order_returns_terms
from returns.services import returns_terms_change
from trust.badges import badge_returns_window

pytestmark = pytest.mark.django_db


def _change(days: int) -> ReturnsTerms:
    return returns_terms_change(
        window_days=days, conditions="Unused.", return_shipping_paid_by=ReturnsTerms.ShippingPaidBy.SHOP, author=None
    )


def test_new_terms_change_the_policy_page_badge_and_order_windows_together(client, returns_staff):
    seed_policies()
    order = OrderFactory(accepted_returns_policy=policy_current_version(kind="returns"))
    assert order_returns_terms(order=order).window_days == 30
    assert badge_returns_window(request=None).title == "30-day returns"

    terms = _change(45)

    version = terms.policy_version
    assert version.number == 3 and version.effective_date == timezone.localdate()
    assert version.change_summary == "Returns window: 30 -> 45 days"
    assert version.facts["return_window"] == {"days": 45}
    page = client.get(reverse("policies:policy", kwargs={"kind": "returns"})).content.decode()
    body = page[page.index('class="policy-body"') : page.index('id="history"')]
    assert "45 days" in body and "30 days" not in body
    diff = policy_page(kind="returns").history[0].diff
    changed = {(seg.op, seg.text) for row in diff.rows for seg in row.segments}
    assert ("del", "30") in changed and ("ins", "45") in changed
    badge = badge_returns_window(request=None)
    assert badge.title == "45-day returns" and badge.passed, badge.state
    # The order keeps the version (and the window) its shopper accepted.
    order.refresh_from_db()
    assert order.accepted_returns_policy.number == 2 and order_returns_terms(order=order).window_days == 30
    delivered = timezone.now()
    assert kind_last_day(kind="return", delivered_at=delivered, terms=order_returns_terms(order=order)) == (
        timezone.localdate(delivered) + datetime.timedelta(days=30)
    )


def test_a_prose_edit_keeps_the_terms_so_orders_never_lose_their_window():
    seed_policies()
    latest = policy_current_version(kind="returns")
    edited = policy_publish(
        policy=latest.policy,
        body_html=latest.body_html + "<p>Questions? Ask us.</p>",
        change_summary="Added a line",
        effective_date=timezone.localdate(),
        author=None,
    )
    assert edited.returns_terms.window_days == 30
    assert "30 days" in str(policy_version_body(version=edited))


def test_terms_cannot_change_while_the_policy_does_not_show_the_window():
    policy = policy_get_or_create(kind=Policy.Kind.RETURNS)
    policy_publish(
        policy=policy, body_html="<p>Return within 30 days.</p>", change_summary="x",
        effective_date=timezone.localdate(), author=None,
    )  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        _change(30)
    assert "[[return_window]]" in error.value.message


def test_adding_terms_in_the_admin_publishes_the_version(merchant_client):
    seed_policies()
    response = merchant_client.post(
        reverse("admin:returns_returnsterms_add"),
        {"window_days": "60", "conditions": "Unused.", "return_shipping_paid_by": "shop"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    current = policy_current_version(kind="returns")
    assert current.number == 3 and current.returns_terms.window_days == 60
    assert current.change_summary == "Returns window: 30 -> 60 days"
