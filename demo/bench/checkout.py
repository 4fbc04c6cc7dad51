"""Bench section for checkout (run by `manage.py bench`): SQL queries of each checkout page, and the median
server time of placing an order and creating + confirming its PaymentIntent against a localstripe of its own."""

from __future__ import annotations

import re
import socket
import statistics
import subprocess
import sys
import time

import requests
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from demo.bench.harness import BenchContext, BenchTable
from demo.seeding.payments import seed_payment_config
from shop.factories import ProductFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY

PAGES = [
    ("Contact and address", "/checkout/address/"),
    ("Delivery", "/checkout/delivery/"),
    ("Payment method", "/checkout/payment-method/"),
    ("Review and pay", "/checkout/review/"),
    ("Fee table", "/payment-methods/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_localstripe() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "payments.localstripe_runner", "--port", str(port)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("localstripe did not start")


def _card_token(base: str) -> str:
    response = requests.post(
        f"{base}/v1/tokens",
        data={
            "card[number]": "4242424242424242",
            "card[exp_month]": "12",
            "card[exp_year]": "2031",
            "card[cvc]": "123",
            "key": "pk_test_bench",
        },
        timeout=10,
    )
    return response.json()["card"]["id"]


def _to_review(client: Client, product) -> str:
    token = client.session.get(CART_SESSION_KEY)
    cart = Cart.objects.filter(guest_token=token).first() if token else None
    if cart is None:
        cart = Cart.objects.create(guest_token=f"bench-{time.monotonic_ns()}")
        session = client.session
        session[CART_SESSION_KEY] = cart.guest_token
        session.save()
    CartLine.objects.update_or_create(cart=cart, product=product, defaults={"quantity": 1})
    client.post(
        "/checkout/address/",
        {
            "email": "bench@example.com",
            "full_name": "Bench Shopper",
            "address_line1": "Damrak 1",
            "postal_code": "1012",
            "city": "Amsterdam",
            "country": "NL",
        },
    )
    option = re.search(r'id="delivery-(\d+)"', client.get("/checkout/delivery/").content.decode()).group(1)
    client.post("/checkout/delivery/", {"delivery_option": option})
    client.post("/checkout/payment-method/", {"payment_method": "card"})
    page = client.get("/checkout/review/").content.decode()
    return re.search(r'name="checkout_token" value="([^"]+)"', page).group(1)


def checkout_section(ctx: BenchContext) -> BenchTable:
    table = BenchTable(title="Checkout", columns=["what", "SQL queries", "median ms"])
    process, base = _start_localstripe()
    try:
        with override_settings(STRIPE_API_BASE=base, STRIPE_JS_URL=f"{base}/js.stripe.com/v3/"):
            seed_payment_config()
            product = ProductFactory(sku="BENCH-CHECKOUT", name="Bench lamp", stock=1_000_000)
            client = Client()
            _to_review(client, product)
            for label, path in PAGES:
                measured = ctx.measure(path, client=client)
                table.rows.append([f"GET {label} ({measured.status})", measured.queries, f"{measured.median_ms:.1f}"])
            timings, counts, statuses = [], [], set()
            for _ in range(ctx.requests):
                token = _to_review(client, product)
                data = {
                    "checkout_token": token,
                    "accept_terms": "on",
                    "accept_returns": "on",
                    "payment_method_id": _card_token(base),
                }
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.post("/checkout/pay/", data, HTTP_ACCEPT="application/json")
                    timings.append((time.perf_counter() - started) * 1000)
                counts.append(len(queries))
                statuses.add(response.json().get("status"))
            table.rows.append(
                [
                    f"POST pay: place order + create and confirm PaymentIntent ({'/'.join(sorted(statuses))})",
                    max(counts),
                    f"{statistics.median(timings):.1f}",
                ]
            )
            table.notes.append(
                f"{ctx.requests} orders placed with card 4242... against localstripe at {base}; the time includes "
                "three HTTP calls to localstripe (create, set payment method, confirm)."
            )
    finally:
        process.terminate()
        process.wait(timeout=10)
    return table

