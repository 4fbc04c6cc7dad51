"""Staff per role, signed in with two-factor, and a little shop data for the back office."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from accounts.factories import UserFactory
from accounts.services import roles_ensure
from orders.factories import OrderFactory
from orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from returns.models import ReturnRequest
from returns.states import RequestKind, RequestStatus
from reviews.models import Review
from shop.factories import ProductFactory
from support.factories import TicketFactory
from tests.accounts.helpers import sign_in, totp_enable, user_make


def staff_client(client, role: str, name: str = ""):
    user = user_make(username=name or f"{role}-staff", email=f"{name or role}@example.com", staff=True)
    user.groups.add(roles_ensure()[role])
    sign_in(client, user, secret=totp_enable(user))
    client.user = user
    return client


@pytest.fixture
def owner_client(client):
    return staff_client(client, roles.OWNER)


def paid_order(*, total: int = 25600, currency: str = "EUR", placed_days_ago: float = 0, shipped: bool = False,
               **kwargs):  # fmt: skip
    order = OrderFactory(
        status=OrderStatus.SHIPPED if shipped else OrderStatus.PAID,
        payment_status=PaymentStatus.PAID,
        fulfilment_status=FulfilmentStatus.SHIPPED if shipped else FulfilmentStatus.UNFULFILLED,
        items_amount=total,
        total_amount=total,
        currency=currency,
        **kwargs,
    )
    placed = timezone.now() - datetime.timedelta(days=placed_days_ago)
    type(order).objects.filter(pk=order.pk).update(placed_at=placed)
    order.refresh_from_db()
    return order


def shop_data(n: int) -> None:
    """``n`` of everything the dashboard counts."""
    now = timezone.now()
    for i in range(n):
        order = paid_order(placed_days_ago=i % 3)
        paid_order(total=1000, currency="PLN", placed_days_ago=i)
        ReturnRequest.objects.create(
            order=order, kind=RequestKind.COMPLAINT if i % 2 else RequestKind.WITHDRAWAL,
            status=RequestStatus.REQUESTED, delivered_at=now, respond_by=now + datetime.timedelta(days=14 - i),
        )  # fmt: skip
        TicketFactory(created_at=now - datetime.timedelta(hours=i * 10))
        product = ProductFactory(stock=i % 3)
        Review.objects.create(product=product, author=UserFactory(), display_name="A.", rating=4, title="Fine",
                              body="Fine board.")  # fmt: skip
