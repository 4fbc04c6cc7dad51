"""Races on PostgreSQL, real threads: two requests for the same item at once (double click, two tabs)."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError
from returns.models import ReturnRequest
from returns.services import request_approve, request_create, request_mark_received
from returns.states import RequestStatus
from tests.concurrency import run_together
from tests.returns.conftest import GOOD_IBAN, make_order, qty

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_requests_for_the_same_item_at_once_exactly_one_wins(postgres_only):
    order = make_order(lines=[(2500, 1)])

    def start():
        return request_create(
            order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="Bea"
        )

    results = run_together(start, start, start)
    winners = [r for r in results if isinstance(r, ReturnRequest)]
    losers = [r for r in results if isinstance(r, ApplicationError)]
    assert len(winners) == 1 and len(losers) == 2, results
    assert all("already an open request" in loser.message for loser in losers)
    assert ReturnRequest.objects.count() == 1


def test_received_clicked_twice_refunds_once(postgres_only):
    order = make_order(lines=[(2500, 1), (1000, 1)])
    rr = request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="Bea")
    request_approve(request=rr, instructions="Send", actor=None)
    results = run_together(*(lambda: request_mark_received(request=rr, actor=None) for _ in range(2)))
    assert sum(isinstance(r, ReturnRequest) for r in results) == 1, results
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REFUNDED
    assert order.refunds.count() == 1 and order.refunds.get().amount == 2500
