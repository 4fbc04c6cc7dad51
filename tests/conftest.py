"""Shared fixtures: a real localstripe per test session, Playwright on Debian's chromium, PostgreSQL gating."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from accounts.factories import UserFactory
from accounts.roles import FULFILMENT, SUPPORT
from accounts.services import roles_ensure

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    """A localstripe of our own on a free port, in-memory store, stopped at the end of the session."""
    port = free_port()
    process = subprocess.Popen(
        # A short BLIK window (Stripe: 60 s) so the time-out is testable; see payments/localstripe_double.py.
        [sys.executable, "-m", "payments.localstripe_runner", "--port", str(port), "--blik-timeout", "4"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def localstripe(localstripe_url: str, settings) -> str:
    """Point the payments gateway at the session's localstripe for this test."""
    stripe_urls_point_at(settings, localstripe_url)
    return localstripe_url


def stripe_urls_point_at(settings, base_url: str) -> None:
    """Point the gateway and Stripe.js at ``base_url`` and rebuild the CSP for that origin, as settings would."""
    from config.csp import build_csp

    settings.STRIPE_API_BASE = base_url
    settings.STRIPE_JS_URL = f"{base_url}/js.stripe.com/v3/"
    settings.CONTENT_SECURITY_POLICY = build_csp(
        stripe_js_url=settings.STRIPE_JS_URL, stripe_api_base=settings.STRIPE_API_BASE
    )


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("race tests need PostgreSQL (run with DATABASE_URL, as .ci/run does)")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it with apt-get")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory) -> None:
    """Uploaded and generated images go to a temporary folder, never into the repo."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with empty caches: cached pages and badges must not leak from one test's data into
    another's (database ids are reused after each test's rollback), nor rate-limit counters and used codes."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()  # only the in-process test caches: never flush a developer's Redis


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """A request to /pl/ or /nl/ leaves its language active in the thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--screenshots", action="store_true", default=False, help="take the design review screenshots"
    )


@pytest.fixture
def staff_at_work():
    """One active staff member per job the badges depend on (support answers tickets, fulfilment handles returns)."""
    groups = roles_ensure()
    for role in (FULFILMENT, SUPPORT):
        UserFactory(username=f"{role}-staff", is_staff=True).groups.add(groups[role])
