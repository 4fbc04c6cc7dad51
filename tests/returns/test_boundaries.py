"""The 14-day withdrawal window exactly at its limit (issue 15): open all of the 14th day after delivery (shop
time), closed from the first moment of the 15th."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orders.models import OrderStatusChange
from returns.selectors import WITHDRAWAL_DAYS, order_returns_options
from tests.returns.conftest import make_order

pytestmark = pytest.mark.django_db


def withdrawal_open(order, now) -> bool:
    return next(k for k in order_returns_options(order=order, now=now).kinds if k.kind == "withdrawal").open


def test_withdrawal_is_open_to_the_end_of_the_14th_day_and_closed_on_the_15th():
    assert WITHDRAWAL_DAYS == 14
    order = make_order(delivered_days_ago=None)
    delivered = timezone.make_aware(datetime.datetime(2026, 3, 2, 16, 0))  # a Monday afternoon, shop time
    OrderStatusChange.objects.filter(order=order, to_status="delivered").update(created_at=delivered)
    last_moment = timezone.make_aware(datetime.datetime(2026, 3, 16, 23, 59, 59))
    assert withdrawal_open(order, last_moment)
    assert not withdrawal_open(order, last_moment + datetime.timedelta(seconds=1))
