"""Speed budgets per page type (`make bench` prints them; tests/core/test_budgets.py enforces the cheap ones).

Per page: HTML size (uncompressed and gzip), our CSS + JS (the /static/ files the page links, gzip-compressed as
whitenoise serves them), render-blocking scripts (a <script src> in <head> without defer/async/type=module; the
one allowed is Stripe.js on the payment step) and SQL queries for one warm request."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.bench.catalogue import catalogue_grow_to
from demo.bench.harness import BenchContext, BenchTable
from demo.seeding.payments import seed_payment_config
from demo.seeding.policies import seed_policies
from orders.models import DeliveryOption
from policies.models import Policy
from shop.models import Product

HTML_BUDGET = 60 * 1024
ASSETS_GZIP_BUDGET = 50 * 1024
QUERY_BUDGET = 10


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.assets: list[str] = []
        self.blocking: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "") and attributes.get("href"):
            self.assets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])
            deferred = "defer" in attributes or "async" in attributes or attributes.get("type") == "module"
            if self.in_head and not deferred:
                self.blocking.append(attributes["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


@dataclass(frozen=True)
class PageBudget:
    page: str
    status: int
    html_bytes: int
    html_gzip_bytes: int
    assets_gzip_bytes: int
    blocking_scripts: tuple[str, ...]
    queries: int
    stripe_allowed: bool = False

    @property
    def blocking_not_allowed(self) -> tuple[str, ...]:
        stripe = settings.STRIPE_JS_URL
        return tuple(src for src in self.blocking_scripts if not (self.stripe_allowed and src == stripe))

    @property
    def failures(self) -> list[str]:
        out = []
        if self.status != 200:
            out.append(f"status {self.status}")
        if self.html_bytes > HTML_BUDGET:
            out.append(f"HTML {self.html_bytes / 1024:.1f} KB > {HTML_BUDGET // 1024} KB")
        if self.assets_gzip_bytes > ASSETS_GZIP_BUDGET:
            out.append(f"CSS+JS {self.assets_gzip_bytes / 1024:.1f} KB gz > {ASSETS_GZIP_BUDGET // 1024} KB")
        if self.blocking_not_allowed:
            out.append("render-blocking: " + ", ".join(self.blocking_not_allowed))
        if self.queries > QUERY_BUDGET:
            out.append(f"{self.queries} queries > {QUERY_BUDGET}")
        return out


def _static_gzip_size(url: str) -> int:
    """gzip size of one of our static files (0 for anything not ours: Stripe.js is Stripe's)."""
    if not url.startswith(settings.STATIC_URL):
        return 0
    name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", url[len(settings.STATIC_URL) :].split("?")[0])  # hashed names
    path = finders.find(name)
    if not path:
        return 0
    with open(path, "rb") as handle:
        return len(gzip.compress(handle.read(), compresslevel=9))


def page_budget_measure(*, client: Client, page: str, path: str, stripe_allowed: bool = False) -> PageBudget:
    client.get(path)  # warm: caches filled, as on a live shop
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    html = response.content
    parser = _PageParser()
    parser.feed(html.decode("utf-8", "replace"))
    return PageBudget(
        page=page,
        status=response.status_code,
        html_bytes=len(html),
        html_gzip_bytes=len(gzip.compress(html)),
        assets_gzip_bytes=sum(_static_gzip_size(url) for url in dict.fromkeys(parser.assets)),
        blocking_scripts=tuple(parser.blocking),
        queries=len(queries),
        stripe_allowed=stripe_allowed,
    )


def budget_shop_prepare() -> None:
    """Policies, fees and delivery zones, a catalogue (idempotent)."""
    if not Policy.objects.exists():
        seed_policies()
    seed_payment_config()


def budget_pages_measure(*, product_path: str, category_path: str) -> list[PageBudget]:
    """Every page type a shopper meets, the checkout driven with a real session (cart, address, delivery...)."""
    client = Client()
    results = [
        page_budget_measure(client=client, page="home", path="/"),
        page_budget_measure(client=client, page="category", path=category_path),
        page_budget_measure(client=client, page="search", path="/search/?q=linen"),
        page_budget_measure(client=client, page="product", path=product_path),
        page_budget_measure(client=client, page="trust centre", path="/trust/"),
        page_budget_measure(client=client, page="policy", path="/policies/terms/"),
    ]

    product = Product.objects.filter(stock__gt=0, is_active=True).order_by("id").first()
    client.post(f"/cart/add/{product.pk}/", {"quantity": 1})
    results.append(page_budget_measure(client=client, page="cart", path="/cart/"))
    results.append(page_budget_measure(client=client, page="checkout: address", path="/checkout/address/"))
    client.post(
        "/checkout/address/",
        {
            "email": "bench@example.com",
            "full_name": "Ben Bench",
            "address_line1": "Damrak 1",
            "postal_code": "1012 LG",
            "city": "Amsterdam",
            "country": "NL",
        },
    )
    results.append(page_budget_measure(client=client, page="checkout: delivery", path="/checkout/delivery/"))
    option = DeliveryOption.objects.filter(zone__countries__contains="NL").order_by("position").first()
    client.post("/checkout/delivery/", {"delivery_option": option.pk})
    results.append(page_budget_measure(client=client, page="checkout: method", path="/checkout/payment-method/"))
    client.post("/checkout/payment-method/", {"payment_method": "card"})
    results.append(
        page_budget_measure(client=client, page="checkout: review+pay", path="/checkout/review/", stripe_allowed=True)
    )
    return results


def budgets_section(ctx: BenchContext) -> BenchTable:
    catalogue_grow_to(ctx.sizes[0])
    budget_shop_prepare()
    product = Product.objects.order_by("id")[ctx.sizes[0] // 2]
    results = budget_pages_measure(product_path=product.get_absolute_url(), category_path="/c/bench-top-0/")
    table = BenchTable(
        title=f"Speed budgets per page type ({ctx.sizes[0]:,} products)",
        columns=["page", "HTML KB", "HTML gz KB", "CSS+JS gz KB", "blocking scripts", "queries", "budget"],
        notes=[
            f"Budgets: HTML < {HTML_BUDGET // 1024} KB, our CSS+JS < {ASSETS_GZIP_BUDGET // 1024} KB gzip, no "
            f"render-blocking script except Stripe.js on the payment step, <= {QUERY_BUDGET} SQL queries (warm).",
        ],
    )
    for r in results:
        table.rows.append(
            [
                r.page,
                f"{r.html_bytes / 1024:.1f}",
                f"{r.html_gzip_bytes / 1024:.1f}",
                f"{r.assets_gzip_bytes / 1024:.1f}",
                len(r.blocking_scripts),
                r.queries,
                "PASS" if not r.failures else "FAIL: " + "; ".join(r.failures),
            ]
        )
    return table
