"""Bench section for the bank methods (run by `manage.py bench`): the server time and SQL queries of placing an
order and starting a redirect payment (iDEAL, in euro) or a BLIK payment (in złoty), against a localstripe of its
own with the project's test double for those methods (payments/localstripe_double.py). No wrk: one process,
Django's test client, the same pay button a shopper presses."""

from __future__ import annotations

import re
import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from demo.bench.checkout import _start_localstripe
from demo.bench.harness import BenchContext, BenchTable
from demo.seeding.payments import seed_payment_config
from shop.factories import ProductFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY

# (what, delivery country, method, extra form fields, what the answer shows once the payment started)
FLOWS = [
    ("iDEAL, EUR: place order + create and confirm with return_url", "NL", "ideal", {}, "pm-redirects/authorize"),
    ("BLIK, PLN: place order + create and confirm with the code", "PL", "blik", {"blik_code": "123456"}, "blik"),
]


def _to_review(client: Client, product, *, country: str, method: str) -> dict:
    cart = Cart.objects.create(guest_token=f"bench-methods-{time.monotonic_ns()}")
    CartLine.objects.create(cart=cart, product=product, quantity=1)
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()
    client.post(
        "/checkout/address/",
        {
            "email": "bench@example.com",
            "full_name": "Bench Shopper",
            "address_line1": "Street 1",
            "postal_code": "00-001" if country == "PL" else "1012",
            "city": "Warszawa" if country == "PL" else "Amsterdam",
            "country": country,
        },
    )
    option = re.search(r'id="delivery-(\d+)"', client.get("/checkout/delivery/").content.decode()).group(1)
    client.post("/checkout/delivery/", {"delivery_option": option})
    client.post("/checkout/payment-method/", {"payment_method": method})
    page = client.get("/checkout/review/").content.decode()
    return {
        "checkout_token": re.search(r'name="checkout_token" value="([^"]+)"', page).group(1),
        "quote_fingerprint": re.search(r'name="quote_fingerprint" value="([^"]*)"', page).group(1),
    }


def bank_methods_section(ctx: BenchContext) -> BenchTable:
    table = BenchTable(title="Bank methods (iDEAL, BLIK)", columns=["what", "SQL queries (max)", "median ms"])
    process, base = _start_localstripe()
    try:
        with override_settings(STRIPE_API_BASE=base):
            seed_payment_config()
            product = ProductFactory(sku="BENCH-METHODS", name="Bench lamp", stock=1_000_000)
            for label, country, method, extra, started_sign in FLOWS:
                timings, counts, started = [], [], 0
                for _ in range(ctx.requests):
                    client = Client()
                    form = _to_review(client, product, country=country, method=method)
                    data = {**form, "accept_terms": "on", "accept_returns": "on", **extra}
                    with CaptureQueriesContext(connection) as queries:
                        begin = time.perf_counter()
                        response = client.post("/checkout/pay/", data, follow=False)
                        timings.append((time.perf_counter() - begin) * 1000)
                    counts.append(len(queries))
                    if method == "blik":  # to the order page, which waits for the approval in the app
                        started += response.status_code == 302 and "/orders/" in response.get("Location", "")
                    else:  # the page that goes on to the bank
                        started += started_sign in response.content.decode()
                table.rows.append(
                    [
                        f"POST pay: {label} ({started}/{ctx.requests} started)",
                        max(counts),
                        f"{statistics.median(timings):.1f}",
                    ]
                )
            table.notes.append(
                f"{ctx.requests} orders per method against localstripe and its test double at {base}; each time "
                "includes two HTTP calls to it (create, confirm). The bank's page and the approval are the "
                "shopper's time, not measured."
            )
    finally:
        process.terminate()
        process.wait(timeout=10)
    return table
