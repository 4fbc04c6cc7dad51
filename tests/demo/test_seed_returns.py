"""The demo seed: terms for each seeded returns-policy version, requests in several states, idempotent."""

from __future__ import annotations

import pytest

from demo.seeding.accounts import seed_users
from demo.seeding.payments import seed_payments
from demo.seeding.policies import seed_policies
from demo.seeding.returns import seed_returns
from demo.seeding.shop import seed_catalogue
from returns.models import ReturnRequest, ReturnsTerms
from returns.selectors import returns_figures
from returns.states import RequestStatus

pytestmark = pytest.mark.django_db


def test_seed_returns_is_idempotent_and_believable(client):
    seed_users()
    seed_catalogue()
    seed_policies()
    seed_payments()
    seed_returns()
    seed_returns()
    windows = sorted(ReturnsTerms.objects.values_list("window_days", flat=True))
    assert windows == [14, 30]
    statuses = sorted(ReturnRequest.objects.values_list("status", flat=True))
    assert statuses == [RequestStatus.APPROVED, RequestStatus.REFUNDED]
    refunded = ReturnRequest.objects.get(status=RequestStatus.REFUNDED)
    assert refunded.refund is not None and refunded.refunded_at <= refunded.refund_by
    figures = returns_figures()
    assert figures.refunded == 1 and figures.on_time_percent == 100
    approved = ReturnRequest.objects.get(status=RequestStatus.APPROVED)
    client.force_login(approved.order.user)
    page = client.get(approved.order.get_absolute_url()).content.decode()
    assert approved.number in page and ">Approved</strong>" in page
    assert "Print the return label" in client.get(approved.get_absolute_url()).content.decode()
