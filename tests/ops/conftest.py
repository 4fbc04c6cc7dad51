"""Fixtures for the ops tests: a localstripe of our own that a test can stop and restart, and the payments
configuration (delivery zones, fees) a checkout needs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port, stripe_urls_point_at, wait_for_port

WEBHOOK_SECRET = "whsec_test_ops_suite_secret"


class LocalStripe:
    """localstripe on a fixed port with a store file, so a restart keeps its PaymentIntents, as Stripe would."""

    def __init__(self, store: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = store
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "payments.localstripe_runner", "--port", str(self.port), "--store", str(self.store)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def intents(self) -> list[dict]:
        import requests

        return requests.get(f"{self.url}/v1/payment_intents?limit=100", auth=("sk_test_ops", ""), timeout=10).json()[
            "data"
        ]


@pytest.fixture
def own_localstripe(settings, tmp_path) -> Iterator[LocalStripe]:
    stripe = LocalStripe(tmp_path / "localstripe.pickle")
    stripe.start()
    stripe_urls_point_at(settings, stripe.url)  # and the CSP for its origin
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    try:
        yield stripe
    finally:
        stripe.stop()


@pytest.fixture
def shop(db, settings):
    """Delivery zones and fees as in the demo, and one product with 5 in stock."""
    from demo.seeding.payments import seed_payment_config
    from shop.factories import ProductFactory

    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    seed_payment_config()
    return ProductFactory(price_amount=2500, stock=5)
