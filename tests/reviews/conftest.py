"""Helpers for the review tests: orders are moved only through the state machine, as in production."""

from __future__ import annotations

import pytest

from accounts.factories import UserFactory
from orders.factories import OrderFactory, OrderLineFactory, order_move
from orders.models import Order
from orders.states import OrderStatus
from reviews.models import ReviewSettings
from shop.factories import ProductFactory

PATH_TO = {
    OrderStatus.PAID: [OrderStatus.PAID],
    OrderStatus.SHIPPED: [OrderStatus.PAID, OrderStatus.SHIPPED],
    OrderStatus.DELIVERED: [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
}


def make_order(*, user=None, products, status: str = OrderStatus.DELIVERED, email: str | None = None) -> Order:
    kwargs = {"user": user}
    if email or user is not None:
        kwargs["email"] = email or user.email
    order = OrderFactory(**kwargs)
    for product in products:
        OrderLineFactory(order=order, product=product)
    for step in PATH_TO.get(status, []):
        order_move(order=order, to_status=step, cause="test")
    order.refresh_from_db()
    return order


@pytest.fixture
def product(db):
    return ProductFactory(name="Linen apron")


@pytest.fixture
def shopper(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Kowalska", email="anna@example.com")


@pytest.fixture
def other_shopper(db):
    return UserFactory(username="bert", first_name="Bert", last_name="Jansen", email="bert@example.com")


@pytest.fixture
def buyer(shopper, product):
    """A shopper with a delivered order of ``product``."""
    make_order(user=shopper, products=[product])
    return shopper


@pytest.fixture
def review_settings(db):
    row, _ = ReviewSettings.objects.get_or_create(pk=1)
    return row


@pytest.fixture
def merchant(db):
    """A staff member in the "merchant" group (the demo's role), with an authenticator app."""
    from accounts.services import merchant_group_ensure
    from tests.accounts.helpers import user_make

    user = user_make(username="marta", email="marta@example.com", staff=True, first_name="Marta", last_name="Nowak")
    user.groups.add(merchant_group_ensure())
    return user


@pytest.fixture
def merchant_client(client, merchant):
    """Signed in to the admin the real way: allauth password step, then the TOTP code."""
    from django.core.cache import cache

    from tests.accounts.helpers import sign_in, totp_enable

    secret = totp_enable(merchant)
    cache.clear()
    sign_in(client, merchant, secret=secret)
    return client
