"""The demo's shipped orders went out with a carrier from the ship form's list: the shopper's tracking link is the
carrier's, as for an order the merchant ships by hand."""

from __future__ import annotations

import pytest

from demo.seeding.accounts import seed_users
from demo.seeding.payments import seed_payments
from demo.seeding.policies import seed_policies
from demo.seeding.shop import seed_catalogue
from orders.models import Order

pytestmark = pytest.mark.django_db


def test_seeded_shipped_orders_carry_the_carriers_tracking_link():
    seed_users()
    seed_catalogue()
    seed_policies()
    seed_payments()
    shipped = Order.objects.exclude(tracking_number="")
    assert shipped.count() == 3
    for order in shipped:
        assert order.carrier is not None and order.carrier.name == "DHL"
        assert order.tracking_url == order.carrier.tracking_url_template.replace("{number}", order.tracking_number)
