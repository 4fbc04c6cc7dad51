"""Open unpaid orders are limited per shopper (issue 14, item 3).

Bank transfer, cash on delivery and SEPA Direct Debit orders hold stock for days before (or without) the money
arriving. A shopper may have at most UNPAID_ORDERS_MAX_PER_EMAIL / _PER_IP / _PER_SESSION such open orders,
holding at most UNPAID_UNITS_MAX items together; counted in the database, refused with a clear message, nothing
placed and no stock taken when refused.
"""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings

from checkout.services import UnpaidOrdersLimit, order_place
from fraud.client import ClientContext
from orders.models import Order, PaymentMethod
from orders.states import OrderStatus
from payments.services import order_cancel
from shop.selectors import CartItem, CartSummary
from tests.concurrency import run_together
from tests.payments.conftest import details
from tests.payments.test_checkout_views import pay_form, walk_to_review

pytestmark = [pytest.mark.django_db]
DELAYED = [PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH_ON_DELIVERY, PaymentMethod.SEPA_DEBIT]


@pytest.fixture
def stocked(shop):
    shop.stock = 100
    shop.save()
    return shop


def place_as(product, n: int, *, method=PaymentMethod.BANK_TRANSFER, quantity=1, **identity) -> Order:
    """Order number ``n`` of a shopper: every identifier differs per order unless given in ``identity``."""
    client = ClientContext(
        ip=identity.get("ip", f"198.51.100.{n}"),
        device_id=identity.get("device", f"device{n:012d}"),
        session_key=identity.get("session", f"session-{n}"),
    )
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    return order_place(
        cart=cart,
        details=details(method, email=identity.get("email", f"shopper{n}@example.com")),
        checkout_token=uuid.uuid4().hex,
        user=None,
        accepted_terms=None,
        accepted_returns_policy=None,
        client=client,
        quote_fingerprint=None,
    )


SHARED = {
    "email": {"email": "same@example.com"},
    "email, other case": {"email": "Same@Example.com"},
    "ip": {"ip": "203.0.113.9"},
    "session": {"session": "one-browser-session"},
    "device cookie": {"device": "d" * 32},
}


@pytest.mark.parametrize("shared", SHARED.values(), ids=SHARED.keys())
def test_exactly_at_the_limit_is_allowed_one_over_is_refused(stocked, shared):
    assert settings.UNPAID_ORDERS_MAX_PER_EMAIL == settings.UNPAID_ORDERS_MAX_PER_IP == 3
    assert settings.UNPAID_ORDERS_MAX_PER_SESSION == 3
    first_email = {"email": "same@example.com"} if "email" in shared else {}
    place_as(stocked, 1, **{**shared, **first_email})
    place_as(stocked, 2, **shared)
    third = place_as(stocked, 3, **shared)  # exactly at the limit
    assert third.status == OrderStatus.AWAITING_PAYMENT
    stocked.refresh_from_db()
    stock_before = stocked.stock

    with pytest.raises(UnpaidOrdersLimit) as refused:
        place_as(stocked, 4, **shared)

    assert "You already have 3 unpaid orders waiting for payment" in refused.value.message
    assert "pay this order by card" in refused.value.message
    assert Order.objects.count() == 3
    stocked.refresh_from_db()
    assert stocked.stock == stock_before  # the refused order took nothing


@pytest.mark.parametrize("method", DELAYED)
def test_every_delayed_method_is_limited_and_they_count_together(stocked, method):
    for n, earlier in enumerate(DELAYED, start=1):
        place_as(stocked, n, method=earlier, email="same@example.com")
    with pytest.raises(UnpaidOrdersLimit):
        place_as(stocked, 9, method=method, email="same@example.com")


def test_a_card_order_is_not_limited(stocked):
    """Card orders hold stock for minutes (CARD_PAYMENT_WINDOW_MINUTES) and release it on a failed attempt."""
    for n in range(1, 4):
        place_as(stocked, n, email="same@example.com")
    card = place_as(stocked, 4, method=PaymentMethod.CARD, email="same@example.com")
    assert card.status == OrderStatus.PLACED


def test_orders_no_longer_open_free_a_place(stocked):
    orders = [place_as(stocked, n, email="same@example.com") for n in range(1, 4)]
    order_cancel(order=orders[0], cause="test: the shopper cancelled", actor=None)
    assert place_as(stocked, 4, email="same@example.com").status == OrderStatus.AWAITING_PAYMENT


def test_the_limit_comes_from_the_settings(stocked, settings):
    settings.UNPAID_ORDERS_MAX_PER_IP = 1
    place_as(stocked, 1, ip="203.0.113.9")
    with pytest.raises(UnpaidOrdersLimit) as refused:
        place_as(stocked, 2, ip="203.0.113.9")
    assert "You already have 1 unpaid order waiting for payment" in refused.value.message


def test_units_exactly_at_the_cap_are_allowed_one_more_is_refused(stocked):
    assert settings.UNPAID_UNITS_MAX == 20
    place_as(stocked, 1, quantity=12, email="bulk@example.com")
    place_as(stocked, 2, quantity=8, email="bulk@example.com")  # 20 items unpaid: exactly the cap
    with pytest.raises(UnpaidOrdersLimit) as refused:
        place_as(stocked, 3, quantity=1, email="bulk@example.com")
    assert "Unpaid orders can hold at most 20 items at a time" in refused.value.message
    with pytest.raises(UnpaidOrdersLimit):
        place_as(stocked, 4, quantity=21, email="someone-new@example.com")  # one order over the cap alone
    assert Order.objects.count() == 2


def test_the_shopper_sees_the_refusal_on_the_review_page_and_nothing_is_placed(client, stocked):
    """Counted in the database: three open orders placed earlier from this browser's address (127.0.0.1, the
    test client's) make the checkout's fourth refused."""
    for n in range(1, 4):
        place_as(stocked, n, ip="127.0.0.1")
    page, token = walk_to_review(client, stocked, method=PaymentMethod.BANK_TRANSFER)
    stocked.refresh_from_db()
    stock_before = stocked.stock

    response = client.post("/checkout/pay/", pay_form(page, token))

    assert response.status_code == 400
    text = response.content.decode()
    assert "You already have 3 unpaid orders waiting for payment" in text
    assert "Order and pay" in text  # still the review page
    assert Order.objects.count() == 3
    stocked.refresh_from_db()
    assert stocked.stock == stock_before


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_two_placements_at_once_cannot_both_take_the_last_place(postgres_only, stocked):
    """Two orders at the same instant by a shopper with two open: exactly one becomes the third."""
    place_as(stocked, 1, email="same@example.com")
    place_as(stocked, 2, email="same@example.com")
    results = run_together(
        lambda: place_as(stocked, 3, email="same@example.com"), lambda: place_as(stocked, 4, email="same@example.com")
    )
    assert sorted(type(result).__name__ for result in results) == ["Order", "UnpaidOrdersLimit"], results
    assert Order.objects.filter(email="same@example.com").count() == 3
