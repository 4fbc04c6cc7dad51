"""A worker killed with SIGKILL in the middle of placing an order leaves no half order and no lost stock.

The victim is a separate process (tests/ops/placement_victim.py) with its own PostgreSQL connection, frozen
after writing the order, its lines and the stock reservation but before COMMIT: exactly where a gunicorn worker
killed by the OOM killer or a deploy would stop. ``make loadtest`` also kills real gunicorn workers under load.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from checkout.services import order_place
from orders.models import Order, OrderLine
from shop.models import Cart, CartLine
from shop.selectors import cart_summary
from tests.conftest import ROOT
from tests.payments.conftest import details

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def read_line(process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline().decode().strip()
            if line:
                return line
            break  # end of output: the victim exited instead of pausing
        if process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"the victim did not pause: {process.stderr.read().decode()[-2000:]}")


def test_worker_killed_mid_placement_leaves_no_half_order_and_stock_intact(postgres_only, shop):
    cart = Cart.objects.create(guest_token="killed-worker-cart")
    CartLine.objects.create(cart=cart, product=shop, quantity=2)
    env = {**os.environ, "TRUSTMARK_ENV": "test", "DATABASE_URL": database_url()}
    victim = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.ops.placement_victim", str(cart.pk), "token-of-the-killed-checkout"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        line = read_line(victim, timeout=90)
        assert line.startswith("PAUSED"), line
        half_order_id = int(line.split()[1])
        shop.refresh_from_db()
        assert shop.stock == 5, "uncommitted: nobody else sees the reservation yet"

        os.kill(victim.pid, signal.SIGKILL)  # the process this test started
        victim.wait(10)
    finally:
        if victim.poll() is None:
            victim.kill()
        victim.stdout.close()
        victim.stderr.close()

    assert victim.returncode == -signal.SIGKILL
    assert not Order.objects.filter(pk=half_order_id).exists()
    assert not Order.objects.filter(checkout_token="token-of-the-killed-checkout").exists()
    assert not OrderLine.objects.filter(order_id=half_order_id).exists()
    shop.refresh_from_db()
    assert shop.stock == 5, "the reservation rolled back with the transaction"
    assert CartLine.objects.get(cart=cart).quantity == 2, "the shopper's cart is intact"

    # The shopper presses "Pay" again: it goes through at once (no lock left behind) and takes the stock once.
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '5s'")
    order = order_place(
        cart=cart_summary(cart=cart), details=details(), checkout_token="token-of-the-killed-checkout",
        user=None, accepted_terms=None, accepted_returns_policy=None, client=None, quote_fingerprint=None,
    )
    shop.refresh_from_db()
    assert shop.stock == 3
    assert list(order.lines.values_list("quantity", flat=True)) == [2]
    assert Order.objects.count() == 1
