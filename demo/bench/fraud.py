"""Bench section: what the fraud screening adds to placing an order (run by `manage.py bench`).

For growing amounts of screening history (earlier attempts, paid orders), it measures the SQL queries and the
median time of ``order_place`` alone and of ``payment_attempt_screen`` for that order, in the same database.
The screening's query count must not grow with the history (every signal is one bounded query or aggregate).

Not measured here: the one Stripe call the screening makes in production to read the card's fingerprint
(``gateway.card_facts``), a network round trip the bench has no Stripe for; the tests run it against localstripe.
"""

from __future__ import annotations

import datetime
import statistics
import time
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkout.services import CheckoutDetails, order_place
from demo.bench.harness import BenchContext, BenchTable
from demo.seeding.fraud import seed_fraud
from demo.seeding.payments import seed_payment_config
from fraud.client import ClientContext
from fraud.models import Decision, RiskAssessment
from fraud.scoring import CardFacts
from fraud.services import payment_attempt_screen
from orders.models import DeliveryOption, Order
from orders.states import OrderStatus
from shop.factories import ProductFactory
from shop.selectors import CartItem, CartSummary

HISTORY_SIZES = (100, 1_000, 10_000)


def _history_grow_to(size: int) -> None:
    """Bulk-create earlier screenings (a mix of allowed, failed and blocked) and paid orders up to ``size``."""
    start = RiskAssessment.objects.count()
    if start >= size:
        return
    now = timezone.now()
    orders = Order.objects.bulk_create(
        Order(
            email=f"hist{n}@example.com",
            full_name="History Shopper",
            address_line1=f"Street {n}",
            postal_code="1011 AB",
            city="Amsterdam",
            country="NL",
            payment_method="card",
            status=OrderStatus.PAID,
            total_amount=2_000 + (n * 37) % 8_000,
            items_amount=2_000 + (n * 37) % 8_000,
        )
        for n in range(start, size)
    )
    decisions = [Decision.ALLOW] * 8 + [Decision.REQUIRE_3DS, Decision.BLOCK]
    RiskAssessment.objects.bulk_create(
        RiskAssessment(
            order=order,
            order_number=order.number,
            email=order.email,
            client_ip=f"198.51.{(n // 250) % 250}.{n % 250}",
            device_id=f"{n:032x}",
            card_key=f"fp:bench{n % 5000}",
            shipping_country="NL",
            amount=order.total_amount,
            decision=decisions[n % len(decisions)],
            signals=[],
        )
        for n, order in enumerate(orders, start=start)
    )
    RiskAssessment.objects.filter(created_at__gte=now).update(created_at=now - datetime.timedelta(minutes=30))


def _timed(fn, repeats: int) -> tuple[int, float]:
    counts, timings = [], []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    return max(counts), statistics.median(timings)


def fraud_screening_section(ctx: BenchContext) -> BenchTable:
    seed_payment_config()
    seed_fraud()
    product = ProductFactory(price_amount=4_500, stock=10_000_000)
    option = DeliveryOption.objects.filter(zone__countries__contains="NL").order_by("position").first()
    details = CheckoutDetails(
        email="bench@example.com", full_name="Bench Buyer", address_line1="Damrak 1", address_line2="",
        postal_code="1012 LG", city="Amsterdam", country="NL", phone="", delivery_option_id=option.pk,
        payment_method="card",
    )
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=2)], currency="EUR")
    placed = []

    def place() -> None:
        placed.append(
            order_place(
                cart=cart, details=details, checkout_token=uuid.uuid4().hex, user=None, accepted_terms=None,
                accepted_returns_policy=None, client=None, quote_fingerprint=None,
            )
        )

    def screen() -> None:
        payment_attempt_screen(
            order=placed[-1],
            client=ClientContext(ip="198.51.100.7", device_id="d" * 32),
            card=CardFacts(key="fp:bench-card", is_fingerprint=True, country="NL"),
        )

    table = BenchTable(
        title="Fraud screening added to an order placement",
        columns=["earlier attempts", "order_place queries", "order_place ms", "screen queries", "screen ms", "added"],
        notes=[
            "screen = payment_attempt_screen: every signal, the decision and the stored assessment.",
            "History: earlier screenings and paid orders (the velocity, basket and shopper-history inputs).",
            "Not included: one Stripe GET for the card fingerprint (gateway.card_facts), a network round trip.",
        ],
    )
    repeats = max(5, min(ctx.requests, 30))
    for size in HISTORY_SIZES:
        _history_grow_to(size)
        place()  # warm-up
        screen()
        place_queries, place_ms = _timed(place, repeats)
        screen_queries, screen_ms = _timed(screen, repeats)
        added = f"+{screen_queries} q, +{screen_ms / place_ms * 100:.0f}% time" if place_ms else ""
        table.rows.append(
            [f"{size:,}", place_queries, f"{place_ms:.1f}", screen_queries, f"{screen_ms:.1f}", added]
        )
    return table

