"""`make screenshots`: full-page PNGs of every page a shopper meets, at 375 px and 1280 px, in var/screenshots/.

Skipped unless pytest runs with --screenshots. The shop is the seeded demo (as `make demo` shows it); the card
payment goes through localstripe's fake Stripe.js, including its 3-D Secure challenge (card 4000 0027 6000 3184)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from shop.models import Category, Product
from tests.a11y.test_axe import fill_address, stripe_in_browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.localstripe]
OUT = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CARD_3DS = "4000002760003184"
WIDTHS = {375: 812, 1280: 900}


@pytest.fixture(autouse=True)
def _only_when_asked(request) -> None:
    if not request.config.getoption("--screenshots"):
        pytest.skip("design review screenshots: run `make screenshots`")


def shot(page, width: int, name: str, *, full_page: bool = True) -> None:
    folder = OUT / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def shopper_pages(page, base: str, width: int, product: Product, category: Category) -> None:
    pages = [
        ("01-home", "/"),
        ("02-category", category.get_absolute_url()),
        ("03-search", f"/search/?q={product.name.split()[0]}"),
        ("04-product", product.get_absolute_url()),
        ("20-trust-centre", "/trust/"),
        ("21-policy-terms", "/policies/terms/"),
        ("22-faq", "/support/faq/"),
        ("23-contact", "/support/"),
        ("24-fees", "/payment-methods/"),
        ("25-login", "/accounts/login/"),
        ("26-signup", "/accounts/signup/"),
        ("27-not-found", "/no-such-page/"),
        ("28-home-pl", "/pl/"),
        ("28a-category-pl-price-filter", f"/pl{category.get_absolute_url()}?min_price=10,00&sort=price"),
        ("28b-search-pl", "/pl/search/?q=patelnia"),
    ]
    for name, url in pages:
        page.goto(base + url)
        shot(page, width, name)


def checkout(page, base: str, width: int, product: Product) -> None:
    page.goto(base + "/cart/")
    shot(page, width, "05-cart-empty")
    page.goto(base + product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")  # the form fetches its CSRF token first (static/js/csrf.js)
    page.goto(base + "/cart/")
    shot(page, width, "06-cart")
    page.goto(base + "/checkout/")
    shot(page, width, "10-checkout-address")
    page.get_by_role("button", name="Continue to delivery").click()
    shot(page, width, "11-checkout-address-errors")
    fill_address(page)
    page.get_by_role("button", name="Continue to delivery").click()
    shot(page, width, "12-checkout-delivery")
    page.locator("input[name=delivery_option]").first.check()
    page.get_by_role("button", name="Continue to payment method").click()
    shot(page, width, "13-checkout-method")
    page.locator("#method-card").check()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_placeholder("number").wait_for()
    shot(page, width, "14-checkout-review")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()  # nothing accepted yet: errors
    page.wait_for_timeout(500)
    shot(page, width, "15-checkout-review-errors")
    page.get_by_label(re.compile("I accept the")).check()
    page.get_by_label(re.compile("I have read the")).check()
    page.get_by_placeholder("number").fill(CARD_3DS)
    page.get_by_placeholder("exp_month").fill("12")
    page.get_by_placeholder("exp_year").fill("31")
    page.get_by_placeholder("cvc").fill("123")
    page.get_by_placeholder("postal_code").fill("1012")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    page.get_by_role("button", name="Complete authentication").wait_for()
    shot(page, width, "16-3d-secure-challenge", full_page=False)
    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url(re.compile(r"/orders/TM-"))
    page.wait_for_timeout(500)
    shot(page, width, "17-order-confirmation")


def account(page, base: str, width: int) -> None:
    from demo.seeding.accounts import SHOPPER

    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Email", re.I)).first.fill(SHOPPER.email)
    page.get_by_label("Password").fill(SHOPPER.password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    for name, url in (
        ("30-account", "/account/"),
        ("31-account-orders", "/account/orders/"),
        ("32-account-addresses", "/account/addresses/"),
        ("33-account-security", "/account/security/"),
    ):
        page.goto(base + url)
        shot(page, width, name)
    page.goto(f"{base}/account/orders/")
    link = page.locator("main a[href*='/orders/TM-']").first
    if link.count():
        link.click()
        shot(page, width, "34-account-order")


def test_design_review_screenshots(browser, live_server, stripe_in_browser, settings):  # noqa: F811
    settings.ROOT_URLCONF = "ops.bench_urls"  # the shop's URLs + MEDIA_ROOT served (product pictures)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    product = Product.objects.filter(is_active=True, stock__gt=2).order_by("pk").first()
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
        page = context.new_page()
        page.set_default_timeout(10_000)
        shopper_pages(page, live_server.url, width, product, category)
        checkout(page, live_server.url, width, product)
        context.close()
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
        page = context.new_page()
        page.set_default_timeout(10_000)
        account(page, live_server.url, width)
        context.close()
    for width in WIDTHS:
        assert len(list((OUT / str(width)).glob("*.png"))) >= 27
