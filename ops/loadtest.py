#!/usr/bin/env python
"""`make loadtest`: a bounded mixed load against the shop as production runs it, then a check of the books.

What it starts, all on 127.0.0.1 and all stopped at the end (even on Ctrl-C):
  * a fresh PostgreSQL database ``tm_loadtest`` (dropped and re-created), migrated and seeded;
  * a Redis server of its own on a free port (so the Redis outage below hurts nobody else);
  * localstripe (``payments.localstripe_runner``) with a webhook pointing at the shop;
  * gunicorn with production settings (``TRUSTMARK_ENV=production``, a generated SECRET_KEY, PostgreSQL, Redis,
    HSTS/secure cookies) and 3 workers, plus the task worker (``db_worker``) that sends the emails.

Then shopper threads browse, search, fill carts and check out with Stripe's test cards (no 3-D Secure, 3-D Secure
passed / failed, 3-D Secure then declined, declines, abandoned challenges, retries after a decline) for a fixed
time, while a replayer re-delivers real localstripe events 5 times at once (duplicates must change nothing) and
a prober signs in every few seconds. Faults (``--faults``, on by default): two gunicorn workers are killed with
SIGKILL mid-load, and Redis is stopped for a while and restarted.

The clients talk plain http on the loopback and send ``X-Forwarded-Proto: https``, as the TLS-terminating proxy
in front of production does; localstripe's own webhook deliveries come without it, so SECURE_SSL_REDIRECT is off
(``TRUSTMARK_ALLOW_LOCAL_STRIPE=1`` lets production settings talk to a loopback localstripe: loadtest only).

Afterwards: reconciliation runs (localstripe never retries a webhook), the merchant refunds a few orders with
restock, unpaid leftovers expire, the email queue drains, and the books are checked against the database and
localstripe's own list of PaymentIntents:
  * every succeeded PaymentIntent has exactly one paid order (amount, currency and order id match), no order is
    charged twice;
  * every paid order has exactly one fulfilment (one move to "paid") and one confirmation email, sent;
  * stock never below zero, and equal to the start minus paid quantities plus restocked refunds;
  * no 5xx answers except the expected ones (sign-in refused while Redis is down).
Prints throughput, p50/p95 per endpoint, error counts and the verdict; writes var/loadtest/report.json; exits 1
when the books do not balance.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
OUT = ROOT / "var" / "loadtest"
DB_NAME = "tm_loadtest"

CARDS = {
    "ok": "4242424242424242",
    "3ds": "4000002760003184",
    "3ds_alt": "4000000000003220",
    "3ds_decline": "4000008400001629",
    "decline": "4000000000000341",
}
# What a checkout does with its card: (scenario, weight).
CHECKOUT_MIX = [
    ("card_ok", 35),
    ("3ds_pass", 25),
    ("3ds_fail", 8),
    ("3ds_then_decline", 6),
    ("decline_then_retry", 12),
    ("decline_give_up", 6),
    ("3ds_abandoned", 8),
]
# What a shopper thread does next: (action, weight).
ACTION_MIX = [("browse", 45), ("cart", 15), ("checkout", 40)]


# ------------------------------------------------------------------------------------------------------------
# Processes
# ------------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f}s")


class Stack:
    """The processes this run started; every one is stopped at exit, by its own process group id."""

    def __init__(self) -> None:
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        log = (OUT / f"{name}.log").open("ab")
        proc = subprocess.Popen(  # noqa: S603 - our own argv
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def stop_all(self) -> None:
        for name in list(self.procs)[::-1]:
            self.stop(name)


def run(argv: list[str], env: dict, what: str) -> str:
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def fresh_database(admin_url: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    parsed = urlparse(admin_url)
    return parsed._replace(path=f"/{DB_NAME}").geturl()


# ------------------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.outcomes: Counter = Counter()
        self.unexpected: list[str] = []
        self.expected_5xx: Counter = Counter()

    def record(self, name: str, status: int | str, seconds: float) -> None:
        with self.lock:
            self.latency[name].append(seconds)
            self.status[name][status] += 1

    def outcome(self, name: str) -> None:
        with self.lock:
            self.outcomes[name] += 1

    def surprise(self, text: str) -> None:
        with self.lock:
            if len(self.unexpected) < 50:
                self.unexpected.append(text)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Shopper:
    def __init__(self, base: str, stripe_base: str, stats: Stats, rng: random.Random, faults: Faults) -> None:
        import requests

        self.base, self.stripe_base, self.stats, self.rng, self.faults = base, stripe_base, stats, rng, faults
        self.http = requests.Session()
        # As behind the TLS proxy: https, and each visitor's own address (192.0.2.0/24, a documentation range the
        # demo maps to NL) in X-Forwarded-For, so fraud screening and rate limits see distinct shoppers.
        self.http.headers.update({
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"192.0.2.{rng.randint(1, 254)}",
            "Referer": base.replace("http:", "https:") + "/",
        })
        self.csrf = ""

    def call(self, name: str, method: str, url: str, expect: tuple[int, ...], **kwargs):
        import requests

        started = time.perf_counter()
        try:
            response = self.http.request(method, url, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            elapsed = time.perf_counter() - started
            self.stats.record(name, "conn-error", elapsed)
            if not self.faults.worker_kill_recent():
                self.stats.surprise(f"{name}: {type(exc).__name__} outside a fault window")
            return None
        elapsed = time.perf_counter() - started
        for cookie in self.http.cookies:
            # Behind the emulated TLS proxy the shop sets Secure cookies: send them back on the plain loopback.
            cookie.secure = False
        self.stats.record(name, response.status_code, elapsed)
        if response.status_code not in expect:
            self.stats.surprise(f"{name}: HTTP {response.status_code} (expected {expect}) {response.text[:160]!r}")
        if "text/html" in response.headers.get("Content-Type", "") and (match := CSRF_RE.search(response.text)):
            self.csrf = match.group(1)
        return response

    def get(self, name: str, path: str, expect=(200,)):
        return self.call(name, "GET", self.base + path, expect)

    def post(self, name: str, path: str, data: dict, expect=(302,), json_answer: bool = False):
        headers = {"Accept": "application/json"} if json_answer else {}
        return self.call(name, "POST", self.base + path, expect, data={**data, "csrfmiddlewaretoken": self.csrf},
                         headers=headers)

    # --- actions -------------------------------------------------------------------------------------------
    def browse(self, catalogue: dict) -> None:
        self.get("GET /", "/")
        if catalogue["categories"]:
            self.get("GET /c/<slug>/", f"/c/{self.rng.choice(catalogue['categories'])}/")
        product = self.rng.choice(catalogue["products"])
        self.get("GET /p/<slug>/", f"/p/{product['slug']}/")
        self.get("GET /search/?q=", f"/search/?q={self.rng.choice(catalogue['words'])}")

    def add_to_cart(self, catalogue: dict) -> bool:
        product = self.rng.choice(catalogue["products"])
        page = self.get("GET /p/<slug>/", f"/p/{product['slug']}/")
        if page is None:
            return False
        answer = self.post("POST /cart/add/<id>/", f"/cart/add/{product['id']}/",
                           {"quantity": str(self.rng.choice([1, 1, 1, 2]))})
        if answer is None:
            return False
        # Sold out is a legitimate answer (redirect back to the product with a message); the cart shows it.
        return answer.headers.get("Location", "").rstrip("/").endswith("/cart")

    def cart(self, catalogue: dict) -> None:
        if not self.add_to_cart(catalogue):
            return
        page = self.get("GET /cart/", "/cart/")
        ids = re.findall(r'action="/cart/update/(\d+)/"', page.text if page is not None else "")
        if ids:
            self.post("POST /cart/update/<id>/", f"/cart/update/{ids[0]}/", {"quantity": "1"})
        if ids and self.rng.random() < 0.5:
            self.post("POST /cart/remove/<id>/", f"/cart/remove/{ids[-1]}/", {})

    def card_token(self, number: str) -> str | None:
        response = self.call(
            "POST stripe /v1/tokens", "POST", f"{self.stripe_base}/v1/tokens", (200,),
            data={"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2031", "card[cvc]": "123",
                  "key": "pk_test_loadtest"},
        )
        return response.json()["card"]["id"] if response is not None and response.status_code == 200 else None

    def authenticate(self, client_secret: str, success: bool) -> None:
        intent_id = client_secret.split("_secret_")[0]
        url = f"{self.stripe_base}/v1/payment_intents/{intent_id}/_authenticate"
        self.call("POST stripe /_authenticate", "POST", url,
                  (200, 402), data={"client_secret": client_secret, "success": "true" if success else "false",
                                    "key": "pk_test_loadtest"})

    def pay(self, token: str, fingerprint: str, card: str):
        payment_method = self.card_token(card)
        if payment_method is None:
            return None
        # The quote fingerprint says which total the shopper saw: a changed basket is refused with 409.
        data = {"checkout_token": token, "quote_fingerprint": fingerprint, "accept_terms": "on",
                "accept_returns": "on", "payment_method_id": payment_method}
        # 400 is the fraud screen's "we couldn't accept this payment, you have not been charged".
        return self.post("POST /checkout/pay/ (json)", "/checkout/pay/", data, expect=(200, 400, 402),
                         json_answer=True)

    def checkout(self, catalogue: dict, n: int) -> None:
        if not self.add_to_cart(catalogue):
            self.stats.outcome("checkout: nothing added (sold out)")
            return
        if self.rng.random() < 0.3:
            self.add_to_cart(catalogue)
        if self.get("GET /checkout/address/", "/checkout/address/") is None:
            return
        address = {"email": f"load-{n}@example.com", "full_name": "Lode Tester", "address_line1": "Damrak 1",
                   "postal_code": "1012 LG", "city": "Amsterdam", "country": "NL", "phone": ""}
        if self.post("POST /checkout/address/", "/checkout/address/", address) is None:
            return
        page = self.get("GET /checkout/delivery/", "/checkout/delivery/")
        if page is None:
            return
        option = re.search(r'name="delivery_option" id="delivery-(\d+)"', page.text)
        if option is None:
            self.stats.surprise("checkout: no delivery option on the page")
            return
        if self.post("POST /checkout/delivery/", "/checkout/delivery/", {"delivery_option": option.group(1)}) is None:
            return
        self.get("GET /checkout/payment-method/", "/checkout/payment-method/")
        if self.post("POST /checkout/payment-method/", "/checkout/payment-method/", {"payment_method": "card"}) is None:
            return
        review = self.get("GET /checkout/review/", "/checkout/review/")
        token = re.search(r'name="checkout_token" value="([^"]+)"', review.text) if review is not None else None
        fingerprint = re.search(r'name="quote_fingerprint" value="([^"]+)"', review.text) if review else None
        if token is None or fingerprint is None:
            self.stats.surprise("checkout: no checkout token or quote fingerprint on the review page")
            return
        token, fingerprint = token.group(1), fingerprint.group(1)

        scenario = self.rng.choices([s for s, _w in CHECKOUT_MIX], [w for _s, w in CHECKOUT_MIX])[0]
        card = {"card_ok": "ok", "3ds_pass": self.rng.choice(["3ds", "3ds_alt"]), "3ds_fail": "3ds",
                "3ds_then_decline": "3ds_decline", "decline_then_retry": "decline", "decline_give_up": "decline",
                "3ds_abandoned": "3ds"}[scenario]
        answer = self.pay(token, fingerprint, CARDS[card])
        if answer is None:
            return
        body = answer.json() if answer.headers.get("Content-Type", "").startswith("application/json") else {}
        status = body.get("status")
        if status == "error" and "not been charged" in body.get("message", ""):
            self.stats.outcome(f"blocked by fraud screening, not charged ({scenario})")
            return
        if status == "requires_action":
            if scenario == "3ds_abandoned":
                self.stats.outcome("3-D Secure abandoned (settled by expiry)")
                return
            self.authenticate(body["client_secret"], success=scenario != "3ds_fail")
            final = self.post("POST /orders/<n>/payment-status/", body["status_url"], {}, expect=(200, 402),
                              json_answer=True)
            status = final.json().get("status") if final is not None else None
            body = final.json() if final is not None else {}
        if status == "failed" and scenario == "decline_then_retry":
            self.stats.outcome("declined, retried")
            answer = self.pay(token, fingerprint, CARDS["ok"])
            body = answer.json() if answer is not None else {}
            status = body.get("status")
        if status == "succeeded":
            self.stats.outcome(f"paid ({scenario})")
            if body.get("redirect"):
                self.get("GET /orders/<n>/", body["redirect"])
        elif status == "failed":
            self.stats.outcome(f"refused, not charged ({scenario})")
        elif status == "requires_capture":
            self.stats.outcome(f"held for review by fraud screening ({scenario})")
        else:
            self.stats.outcome(f"other: {status} ({scenario})")


# ------------------------------------------------------------------------------------------------------------
# Background actors: webhook replays, sign-in prober, faults
# ------------------------------------------------------------------------------------------------------------


def sign(payload: bytes, secret: str) -> str:
    ts = int(time.time())
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def webhook_replayer(base: str, stripe_base: str, secret: str, stats: Stats, stop: threading.Event) -> None:
    """Re-deliver real localstripe events 5 times at once: duplicates must be answered 200 and change nothing."""
    import requests

    seen = 0
    while not stop.wait(0.7):
        try:
            events = requests.get(f"{stripe_base}/v1/events?limit=50", auth=("sk_test_loadtest_key", ""),
                                  timeout=10).json().get("data", [])
        except requests.RequestException:
            continue
        events = [e for e in events if e.get("type", "").startswith("payment_intent.")]
        if not events:
            continue
        event = random.choice(events)  # noqa: S311
        body = json.dumps(event).encode()
        barrier = threading.Barrier(5)

        def deliver(body=body, barrier=barrier) -> None:
            barrier.wait()
            started = time.perf_counter()
            try:
                response = requests.post(f"{base}/webhooks/stripe/", data=body, timeout=30,
                                         headers={"Stripe-Signature": sign(body, secret),
                                                  "Content-Type": "application/json"})
            except requests.RequestException:
                stats.record("POST /webhooks/stripe/ (replay x5)", "conn-error", time.perf_counter() - started)
                return
            stats.record("POST /webhooks/stripe/ (replay x5)", response.status_code, time.perf_counter() - started)
            if response.status_code != 200:
                stats.surprise(f"webhook replay: HTTP {response.status_code}")

        threads = [threading.Thread(target=deliver) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(40)
        seen += 1
    stats.outcome(f"webhook events replayed 5x concurrently: {seen}")


class Faults:
    def __init__(self) -> None:
        self.windows: list[tuple[str, float, float]] = []
        self.lock = threading.Lock()

    def open(self, name: str) -> None:
        with self.lock:
            self.windows.append((name, time.monotonic(), float("inf")))

    def close(self, name: str, grace: float = 0.0) -> None:
        with self.lock:
            for i, (n, start, end) in enumerate(self.windows):
                if n == name and end == float("inf"):
                    self.windows[i] = (n, start, time.monotonic() + grace)

    def active(self, prefix: str, at: float | None = None) -> bool:
        at = time.monotonic() if at is None else at
        with self.lock:
            return any(n.startswith(prefix) and s <= at <= e for n, s, e in self.windows)

    def worker_kill_recent(self) -> bool:
        return self.active("worker-kill")


def signin_prober(shopper: Shopper, email: str, password: str, stats: Stats, faults: Faults,
                  stop: threading.Event) -> None:
    """Sign in every 4 s (under allauth's 30/min/ip limit): 302 normally, a 503 refusal while Redis is down."""
    while not stop.wait(4.0):
        shopper.http.cookies.clear()
        page = shopper.get("GET /accounts/login/", "/accounts/login/")
        if page is None:
            continue
        started = time.monotonic()
        response = shopper.post("POST /accounts/login/", "/accounts/login/", {"login": email, "password": password},
                                expect=(302, 503))
        if response is None:
            continue
        if response.status_code == 503 and not (faults.active("redis", started) or faults.active("redis")):
            stats.surprise("sign-in refused with a 503 while Redis was up")
        # Down for the whole request (not just restarting): a sign-in must be refused.
        redis_down = faults.active("redis-down", started) and faults.active("redis-down")
        if response.status_code == 503:
            refused = "Sign-in is temporarily unavailable" in response.text
            stats.outcome("sign-in refused while Redis down (fail closed)" if refused else "sign-in 503, no message")
            with stats.lock:
                stats.expected_5xx["POST /accounts/login/"] += 1
        elif response.status_code == 302:
            stats.outcome("sign-in ok" + (" while Redis down (!)" if redis_down else ""))
            if redis_down:
                stats.surprise("a sign-in was accepted while Redis was down: the rate limits failed open")


def gunicorn_workers(master_pid: int) -> list[int]:
    try:
        return [int(pid) for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()]
    except OSError:
        return []


def fault_driver(stack: Stack, args, redis_argv: list[str], faults: Faults, stats: Stats,
                 stop: threading.Event) -> None:
    duration = args.duration
    plan = [(0.25, "kill"), (0.40, "kill"), (0.55, "redis")]
    start = time.monotonic()
    for fraction, action in plan:
        if stop.wait(max(0.0, start + fraction * duration - time.monotonic())):
            return
        if action == "kill":
            workers = gunicorn_workers(stack.procs["gunicorn"].pid)
            if workers:
                victim = random.choice(workers)  # noqa: S311
                faults.open("worker-kill")
                os.kill(victim, signal.SIGKILL)  # a worker of the gunicorn this run started
                stats.outcome("gunicorn worker killed with SIGKILL mid-load")
                faults.close("worker-kill", grace=2.0)
        elif action == "redis":
            faults.open("redis-down")
            stack.stop("redis")
            stats.outcome("Redis stopped")
            stop.wait(max(3.0, 0.15 * duration))
            stack.start("redis", redis_argv)
            wait_port(args.redis_port)
            faults.close("redis-down")
            # The cache backend retries Redis 5 s after its last failure: until then it still acts as down.
            faults.open("redis-recovering")
            faults.close("redis-recovering", grace=6.0)
            stats.outcome("Redis restarted")


# ------------------------------------------------------------------------------------------------------------
# The books (runs inside Django, in a child process with the production environment)
# ------------------------------------------------------------------------------------------------------------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def books_snapshot(out: Path) -> None:
    django_setup()
    from demo.seeding.accounts import SHOPPER
    from orders.models import Order
    from shop.models import Category, Product

    products = list(Product.objects.filter(is_active=True, stock__gt=0).values("id", "slug", "name", "stock"))
    words = sorted({w.lower() for p in products for w in re.findall(r"[A-Za-z]{4,}", p["name"])})[:40] or ["shop"]
    out.write_text(json.dumps({
        "stock": {str(pk): stock for pk, stock in Product.objects.values_list("pk", "stock")},
        "max_order_id": Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "products": products,
        "categories": list(Category.objects.values_list("slug", flat=True)),
        "words": words,
        "signin": [SHOPPER.email, SHOPPER.password],
    }))


def stripe_intents(base: str, key: str) -> list[dict]:
    import requests

    intents, after = [], None
    while True:
        params = {"limit": 100, **({"starting_after": after} if after else {})}
        page = requests.get(f"{base}/v1/payment_intents", params=params, auth=(key, ""), timeout=30).json()
        intents += page["data"]
        if not page.get("has_more") or not page["data"]:
            return intents
        after = page["data"][-1]["id"]


def books_check(snapshot_path: Path, out: Path, refunds: int) -> None:
    django_setup()
    from django.conf import settings
    from django.db.models import Sum
    from django_tasks_db.models import DBTaskResult

    from core.money import Money
    from orders.models import Order, OrderLine, OrderStatusChange
    from orders.states import PAID_STATUSES, UNPAID_OPEN_STATUSES, OrderStatus
    from payments.models import PAYMENT_OPEN_STRIPE_STATES, Payment, PaymentState
    from payments.services import order_cancel, order_refund, payment_settle, payments_reconcile
    from shop.models import Product

    snap = json.loads(snapshot_path.read_text())
    load_orders = Order.objects.filter(pk__gt=snap["max_order_id"])
    steps = {"reconcile": payments_reconcile()}

    refunded_ids = []
    for order in load_orders.filter(status=OrderStatus.PAID).order_by("?")[:refunds]:
        order_refund(order=order, amount=Money(order.total_amount, order.currency), reason="loadtest: refund",
                     restock=True, actor=None)
        refunded_ids.append(order.pk)
    steps["refunded_with_restock"] = len(refunded_ids)
    # Unpaid leftovers of the load (abandoned 3-D Secure, declines not retried) expire as the scheduler would
    # expire them after their payment window: settle with Stripe first, then cancel and release the stock.
    # Only this run's orders: the demo's seeded orders keep their own state.
    expired = 0
    for order in load_orders.filter(status__in=UNPAID_OPEN_STATUSES).exclude(payment_method="cash_on_delivery"):
        for payment in order.payments.filter(state__in=PAYMENT_OPEN_STRIPE_STATES):
            payment_settle(payment=payment, via="card")
        order.refresh_from_db()
        if order.status in UNPAID_OPEN_STATUSES:
            order_cancel(order=order, cause="expired_unpaid", actor=None)
            expired += 1
    steps["expired_unpaid"] = expired

    # The worker sends the emails; give it time to drain the queue.
    email_path = "orders.tasks.send_order_status_email"
    deadline = time.monotonic() + 90
    while DBTaskResult.objects.filter(task_path=email_path, status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(1)

    checks: list[dict] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        checks.append({"check": name, "ok": bool(ok), "detail": detail})

    # 1. Every succeeded PaymentIntent has exactly one paid order; no order is charged twice.
    intents = stripe_intents(settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY)
    succeeded = [pi for pi in intents if pi["status"] == "succeeded"]
    problems = []
    per_order = Counter()
    for pi in succeeded:
        payments = list(Payment.objects.filter(stripe_payment_intent_id=pi["id"]).select_related("order"))
        if len(payments) != 1:
            problems.append(f"{pi['id']}: {len(payments)} payments")
            continue
        payment, order = payments[0], payments[0].order
        per_order[order.pk] += 1
        if payment.state != PaymentState.SUCCEEDED or order.status not in PAID_STATUSES:
            problems.append(f"{pi['id']}: payment {payment.state}, order {order.number} {order.status}")
        if int(pi["amount"]) != order.total_amount or pi["currency"].upper() != order.currency:
            problems.append(f"{pi['id']}: {pi['amount']} {pi['currency']} vs {order.total_amount} {order.currency}")
        if (pi.get("metadata") or {}).get("order_id") != str(order.pk):
            problems.append(f"{pi['id']}: metadata.order_id {pi.get('metadata')}")
    doubles = {pk: n for pk, n in per_order.items() if n > 1}
    check("every succeeded PaymentIntent has exactly one paid order",
          not problems, f"{len(succeeded)} succeeded of {len(intents)} PaymentIntents; " + "; ".join(problems[:5]))
    check("no order charged twice", not doubles, f"orders with >1 succeeded PaymentIntent: {doubles}")

    # 2. Every paid order: one succeeded payment, one fulfilment, one confirmation email (sent).
    paid = list(load_orders.filter(status__in=PAID_STATUSES))
    emails = Counter()
    for result in DBTaskResult.objects.filter(task_path=email_path):
        args = (result.args_kwargs or {}).get("args") or []
        if len(args) == 2 and args[1] == OrderStatus.PAID:
            emails[(args[0], result.status)] += 1
    bad_paid = []
    for order in paid:
        n_payments = order.payments.filter(state=PaymentState.SUCCEEDED).count()
        n_fulfil = OrderStatusChange.objects.filter(order=order, to_status=OrderStatus.PAID).count()
        n_sent = emails[(order.pk, "SUCCESSFUL")]
        n_mail = sum(v for (pk, _s), v in emails.items() if pk == order.pk)
        if (n_payments, n_fulfil, n_sent, n_mail) != (1, 1, 1, 1):
            bad_paid.append(f"{order.number}: payments={n_payments} fulfilments={n_fulfil} emails={n_mail} "
                            f"sent={n_sent}")
    check("every paid order: one payment, one fulfilment, one confirmation email sent",
          paid and not bad_paid, f"{len(paid)} paid orders; " + "; ".join(bad_paid[:5]))
    check("paid orders == succeeded PaymentIntents", len(paid) == len(succeeded),
          f"{len(paid)} paid orders, {len(succeeded)} succeeded PaymentIntents")

    # 3. Stock: never negative; start - paid quantities + restocked refunds.
    negative = list(Product.objects.filter(stock__lt=0).values_list("sku", "stock"))
    check("stock never below zero", not negative, str(negative))
    paid_qty = Counter(dict(
        OrderLine.objects.filter(order__in=load_orders.filter(status__in=PAID_STATUSES), product__isnull=False)
        .values_list("product_id").annotate(q=Sum("quantity")).values_list("product_id", "q")
    ))
    restocked = Counter(dict(
        OrderLine.objects.filter(order_id__in=refunded_ids, product__isnull=False)
        .values_list("product_id").annotate(q=Sum("quantity")).values_list("product_id", "q")
    ))
    mismatches = []
    for pk, stock in Product.objects.values_list("pk", "stock"):
        expected = snap["stock"].get(str(pk), stock) - paid_qty[pk] + restocked[pk]
        if stock != expected:
            mismatches.append(f"product {pk}: {stock} != {expected}")
    check("stock == start - paid quantities + restocked refunds", not mismatches, "; ".join(mismatches[:5]))
    holding = load_orders.exclude(status__in=PAID_STATUSES).filter(stock_reserved=True).count()
    check("no unpaid order still holds stock after expiry", holding == 0, f"{holding} orders")

    flagged = list(load_orders.exclude(flagged_reason="").values_list("number", "flagged_reason")[:5])
    check("no order flagged for the merchant", not flagged, str(flagged))

    statuses = Counter(load_orders.values_list("status", flat=True))
    out.write_text(json.dumps({"steps": steps, "checks": checks, "orders": dict(statuses),
                               "payment_intents": dict(Counter(pi["status"] for pi in intents))}, indent=2))


# ------------------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------------------


def report(stats: Stats, elapsed: float, books: dict, args) -> tuple[str, bool]:
    lines = []
    total = sum(len(v) for v in stats.latency.values())
    server_errors = Counter()
    conn_errors = 0
    lines.append(f"Load: {elapsed:.0f} s, {args.users} shoppers, {args.workers} gunicorn workers, "
                 f"faults {'on' if args.faults else 'off'}")
    lines.append(f"Throughput: {total / elapsed:.1f} requests/s ({total} requests)")
    paid = sum(v for k, v in stats.outcomes.items() if k.startswith("paid"))
    lines.append(f"Orders paid: {paid} ({paid / elapsed * 60:.0f}/min)")
    lines.append("")
    lines.append(f"{'endpoint':<40} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")
    for name in sorted(stats.latency):
        values = stats.latency[name]
        codes = stats.status[name]
        for code, n in codes.items():
            if isinstance(code, int) and code >= 500:
                server_errors[(name, code)] += n
            if code == "conn-error":
                conn_errors += n
        lines.append(f"{name:<40} {len(values):>6} {percentile(values, 50) * 1000:>8.0f} "
                     f"{percentile(values, 95) * 1000:>8.0f} {max(values) * 1000:>8.0f}  "
                     + " ".join(f"{c}:{n}" for c, n in sorted(codes.items(), key=str)))
    lines.append("")
    lines.append("Outcomes:")
    for name, n in sorted(stats.outcomes.items()):
        lines.append(f"  {n:>5}  {name}")
    unexpected_5xx = {k: v - stats.expected_5xx.get(k[0], 0) for k, v in server_errors.items()}
    unexpected_5xx = {k: v for k, v in unexpected_5xx.items() if v > 0}
    lines.append("")
    lines.append(f"Errors: {sum(server_errors.values())} 5xx ({sum(stats.expected_5xx.values())} expected: sign-in "
                 f"refused while Redis was down), {conn_errors} connections cut (killed workers)")
    for text in stats.unexpected[:15]:
        lines.append(f"  unexpected: {text}")
    checks = list(books.get("checks", []))
    checks.append({"check": "no unexpected 5xx", "ok": not unexpected_5xx, "detail": str(unexpected_5xx)})
    if args.faults:
        open_logins = stats.outcomes["sign-in ok while Redis down (!)"]
        refused = stats.outcomes["sign-in refused while Redis down (fail closed)"]
        checks.append({"check": "sign-in refused while Redis was down (rate limits fail closed)",
                       "ok": open_logins == 0, "detail": f"{refused} refused, {open_logins} accepted"})
    lines.append("")
    lines.append(f"After the load: {books.get('steps')}")
    lines.append(f"Orders by status: {books.get('orders')}; PaymentIntents: {books.get('payment_intents')}")
    lines.append("The books:")
    for c in checks:
        lines.append(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['check']}" + (f"  ({c['detail']})" if c["detail"] else ""))
    balanced = all(c["ok"] for c in checks)
    lines.append("")
    lines.append("VERDICT: the books balance." if balanced else "VERDICT: the books do NOT balance.")
    return "\n".join(lines), balanced


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("LOADTEST_DURATION", "60")))
    parser.add_argument("--users", type=int, default=12, help="concurrent shopper threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--refunds", type=int, default=3, help="paid orders the merchant refunds (with restock)")
    parser.add_argument("--no-faults", dest="faults", action="store_false")
    parser.add_argument("--pg-url", default=os.environ.get("LOADTEST_PG_URL",
                                                           "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--books", choices=["snapshot", "check"], help=argparse.SUPPRESS)
    parser.add_argument("--snapshot", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.books == "snapshot":
        books_snapshot(args.out)
        return 0
    if args.books == "check":
        books_check(args.snapshot, args.out, args.refunds)
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.log"):
        old.unlink()
    rng = random.Random(args.seed)  # noqa: S311 - load shape, not security
    stack = Stack()
    stop = threading.Event()
    try:
        print(f"Preparing PostgreSQL database {DB_NAME}, Redis, localstripe and gunicorn on 127.0.0.1 ...", flush=True)
        database_url = fresh_database(args.pg_url)
        args.redis_port = free_port()
        redis_argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(args.redis_port), "--save", "",
                      "--appendonly", "no", "--protected-mode", "yes"]
        stack.start("redis", redis_argv)
        wait_port(args.redis_port)
        stripe_port, shop_port = free_port(), free_port()
        stripe_base, base = f"http://127.0.0.1:{stripe_port}", f"http://127.0.0.1:{shop_port}"
        webhook_secret = "whsec_loadtest_" + secrets.token_hex(16)
        common = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DJANGO_SETTINGS"))},
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
            "REDIS_PAGES_URL": f"redis://127.0.0.1:{args.redis_port}/1",  # one Redis here, no maxmemory to hit
            "STRIPE_API_BASE": stripe_base,
            "STRIPE_SECRET_KEY": "sk_test_loadtest_" + secrets.token_hex(8),
            "STRIPE_PUBLISHABLE_KEY": "pk_test_loadtest",
            "STRIPE_WEBHOOK_SECRET": webhook_secret,
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "SHOP_BASE_URL": base.replace("http:", "https:", 1),  # as behind the emulated TLS proxy (Referer)
        }
        prod = {
            **common,
            "TRUSTMARK_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "TRUSTED_PROXY_COUNT": "1",  # the emulated TLS proxy's X-Forwarded-For
            "TRUSTMARK_ALLOW_LOCAL_STRIPE": "1",
        }
        dev = {**common, "TRUSTMARK_ENV": "dev"}
        manage = [PY, "manage.py"]
        run([*manage, "migrate", "--noinput", "-v", "0"], prod, "migrate")
        run([*manage, "collectstatic", "--noinput", "-v", "0"], prod, "collectstatic")
        run([*manage, "seed_demo"], dev, "seed_demo")
        run([*manage, "shell", "-c", "from demo.seeding.payments import seed_payment_config; seed_payment_config()"],
            dev, "payment configuration seed")

        stack.start("localstripe", [PY, "-m", "payments.localstripe_runner", "--port", str(stripe_port)])
        wait_port(stripe_port)
        stack.start("gunicorn", [
            PY, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{shop_port}",
            "--workers", str(args.workers), "--timeout", "30", "--graceful-timeout", "5", "--preload",
            "--no-control-socket",
            "--access-logfile", "-",
        ], prod)
        wait_port(shop_port)
        stack.start("worker", [*manage, "db_worker", "--interval", "0.2", "--no-startup-delay"], prod)

        import requests

        answer = requests.post(f"{stripe_base}/_config/webhooks/trustmark", timeout=10, data={
            "url": f"{base}/webhooks/stripe/", "secret": webhook_secret,
        })
        answer.raise_for_status()
        health = None
        for _attempt in range(60):  # workers boot after the port is bound
            with contextlib.suppress(requests.RequestException):
                health = requests.get(f"{base}/healthz", timeout=10)
                if health.status_code == 200:
                    break
            time.sleep(1)
        if health is None or health.status_code != 200:
            raise SystemExit(f"the shop is not healthy: {health and health.status_code} {health and health.text}")

        snapshot = OUT / "snapshot.json"
        run([PY, __file__, "--books", "snapshot", "--out", str(snapshot)], prod, "stock snapshot")
        catalogue = json.loads(snapshot.read_text())
        if not catalogue["products"]:
            raise SystemExit("the seeded catalogue has no products in stock")

        stats, faults = Stats(), Faults()
        counter = iter(range(10**9))
        counter_lock = threading.Lock()
        deadline = time.monotonic() + args.duration

        def shopper_loop(index: int) -> None:
            local = random.Random(rng.random())  # noqa: S311
            while time.monotonic() < deadline and not stop.is_set():
                shopper = Shopper(base, stripe_base, stats, local, faults)  # a new visitor, a new session
                action = local.choices([a for a, _w in ACTION_MIX], [w for _a, w in ACTION_MIX])[0]
                try:
                    if action == "browse":
                        shopper.browse(catalogue)
                    elif action == "cart":
                        shopper.cart(catalogue)
                    else:
                        with counter_lock:
                            n = next(counter)
                        shopper.checkout(catalogue, n)
                except Exception as exc:  # noqa: BLE001 - a client bug must not stop the run; it is reported
                    stats.surprise(f"{action}: client error {type(exc).__name__}: {exc}")

        print(f"Load for {args.duration} s with {args.users} shoppers against {base} ...", flush=True)
        started = time.monotonic()
        threads = [threading.Thread(target=shopper_loop, args=(i,), daemon=True) for i in range(args.users)]
        prober = Shopper(base, stripe_base, stats, random.Random(1), faults)  # noqa: S311
        threads.append(threading.Thread(target=signin_prober, daemon=True, args=(
            prober, *catalogue["signin"], stats, faults, stop)))
        threads.append(threading.Thread(target=webhook_replayer, daemon=True,
                                        args=(base, stripe_base, webhook_secret, stats, stop)))
        if args.faults:
            threads.append(threading.Thread(target=fault_driver, daemon=True,
                                            args=(stack, args, redis_argv, faults, stats, stop)))
        for thread in threads:
            thread.start()
        for thread in threads[: args.users]:
            thread.join(args.duration + 60)
        stop.set()
        for thread in threads[args.users:]:
            thread.join(60)
        elapsed = time.monotonic() - started

        print("Load finished; letting webhooks land, then checking the books ...", flush=True)
        time.sleep(3)
        books_path = OUT / "books.json"
        books_path.unlink(missing_ok=True)
        try:
            run([PY, __file__, "--books", "check", "--snapshot", str(snapshot), "--out", str(books_path),
                 "--refunds", str(args.refunds)], prod, "books check")
            books = json.loads(books_path.read_text())
        except SystemExit as failure:  # the load figures are still worth printing
            books = {"checks": [{"check": "the books check ran", "ok": False, "detail": str(failure)[-1500:]}]}
        text, balanced = report(stats, elapsed, books, args)
        print(text)
        (OUT / "report.txt").write_text(text + "\n")
        (OUT / "report.json").write_text(json.dumps({
            "duration_s": round(elapsed, 1), "users": args.users, "workers": args.workers, "faults": args.faults,
            "requests": sum(len(v) for v in stats.latency.values()),
            "endpoints": {name: {"n": len(v), "p50_ms": round(percentile(v, 50) * 1000),
                                 "p95_ms": round(percentile(v, 95) * 1000),
                                 "statuses": {str(k): n for k, n in stats.status[name].items()}}
                          for name, v in stats.latency.items()},
            "outcomes": dict(stats.outcomes), "unexpected": stats.unexpected, "books": books, "balanced": balanced,
        }, indent=2))
        return 0 if balanced else 1
    finally:
        stop.set()
        stack.stop_all()


if __name__ == "__main__":
    sys.exit(main())
