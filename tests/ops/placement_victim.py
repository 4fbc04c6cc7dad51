"""A process that places an order and freezes halfway, inside the transaction, to be killed with SIGKILL.

Run by tests/ops/test_worker_killed.py as a stand-in for a gunicorn worker killed while placing an order:
``python -m tests.ops.placement_victim <cart id> <checkout token>`` with DATABASE_URL pointing at the test
database. It prints ``PAUSED <order id>`` once the order row, its lines and the stock reservation are written
(not committed), then sleeps until killed.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from checkout.services import order_place, placing  # noqa: E402
from shop.models import Cart  # noqa: E402
from shop.selectors import cart_summary  # noqa: E402
from tests.payments.conftest import details  # noqa: E402

real_reserve = placing.stock_reserve


def reserve_then_freeze(*, order) -> None:
    real_reserve(order=order)  # the stock UPDATEs ran, inside the placement's transaction
    print(f"PAUSED {order.pk}", flush=True)
    time.sleep(120)


placing.stock_reserve = reserve_then_freeze  # the name order_place calls
cart = Cart.objects.get(pk=int(sys.argv[1]))
order_place(
    cart=cart_summary(cart=cart),
    details=details(),
    checkout_token=sys.argv[2],
    user=None,
    accepted_terms=None,
    accepted_returns_policy=None,
    client=None,
    quote_fingerprint=None,
)
print("FINISHED", flush=True)  # never reached: the test kills us first
