"""Timeline causes and fraud reasons are stored as codes with parameters and rendered in the reader's language
(issue 15): the same stored row reads in English for one reader and in Polish or Dutch for another, with money
as shoppers read it ("€12.50", "12,50 zł"), never "EUR 12.50"."""

from __future__ import annotations

import pytest
from django.utils import translation

from fraud.reasons import signal_detail
from orders.causes import cause_text
from orders.factories import OrderFactory
from orders.services import order_event
from orders.states import OrderStatus


@pytest.mark.django_db
def test_a_stored_timeline_cause_is_rendered_in_each_readers_language():
    order = OrderFactory(status=OrderStatus.SHIPPED)
    order_event(order=order, event="deliver", cause="delivered")
    change = order.status_changes.get()
    assert (change.cause_code, change.cause) == ("delivered", "")  # no text stored
    with translation.override("en"):
        assert change.cause_text == "Delivered"
    with translation.override("pl"):
        assert change.cause_text == "Doręczone"


def test_refund_cause_formats_money_per_language():
    params = {"amount": 1250, "currency": "EUR"}
    with translation.override("en"):
        assert cause_text("refunded", params) == "Refunded €12.50"
    with translation.override("pl"):
        text = cause_text("refunded", params)
        assert text.startswith("Zwrócono 12,50") and "EUR" not in text


def test_fraud_reason_is_rendered_for_the_merchant_not_in_the_shoppers_language():
    stored = {
        "key": "basket_outlier",
        "weight": 20,
        "params": {"total": {"amount": 99900, "currency": "EUR"}, "p90": {"amount": 12000, "currency": "EUR"}},
    }
    with translation.override("en"):
        assert signal_detail(stored) == "order total €999.00; 90% of paid orders are at most €120.00"
    with translation.override("nl"):
        assert signal_detail({"key": "disposable_email", "params": {"domain": "x.test"}}) == (
            "x.test is een wegwerp-e-maildienst"
        )
    assert signal_detail({"key": "disposable_email", "detail": "old text"}) == "old text"  # rows from before
