"""axe-core (WCAG 2.x A and AA rules) on every page type a shopper sees, in Debian's chromium: zero violations.

The demo data is seeded once per test (the same catalogue, policies, FAQ and trust centre a visitor of `make demo`
sees). Each page is checked at desktop width; the pages whose layout changes most are also checked at phone width.
The payment step is checked with the (fake, localstripe) Stripe.js card form mounted, as a shopper meets it."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from shop.models import Category, Product
from tests.a11y.helpers import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def demo(live_server, stripe_in_browser):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    product = Product.objects.filter(is_active=True, stock__gt=2).order_by("pk").first()
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    return {"product": product, "category": category}


@pytest.fixture
def stripe_in_browser(localstripe):
    """The localstripe fixture also serves the CSP built for its origin (``config.csp.build_csp``)."""
    return localstripe


def check(page, url: str, found: dict[str, list[str]], label: str | None = None, **kwargs) -> None:
    if url:
        page.goto(url)
    lines = axe_violations(page, **kwargs)
    if lines:
        found[label or url] = lines


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in found.items())


def fill_address(page) -> None:
    page.get_by_label("Email").fill("guest@example.com")
    page.get_by_label("Full name").fill("Gus Guest")
    page.get_by_label("Street and number").fill("Damrak 1")
    page.get_by_label("Postal code").fill("1012 LG")
    page.get_by_label("City").fill("Amsterdam")
    page.get_by_label("Country").select_option("NL")


def test_catalogue_and_information_pages_have_no_violations(browser, live_server, demo):
    base = live_server.url
    product, category = demo["product"], demo["category"]
    urls = [
        "/",
        category.get_absolute_url(),
        f"/search/?q={product.name.split()[0]}",
        "/search/?q=zzzznothing",
        product.get_absolute_url(),
        "/cart/",
        "/trust/",
        "/policies/terms/",
        "/support/faq/",
        "/support/",
        "/payment-methods/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
        "/pl/",
        "/nl/" + product.get_absolute_url().lstrip("/"),
    ]
    found: dict[str, list[str]] = {}
    for width, height in ((1280, 900), (375, 812)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(10_000)
        for url in urls:
            check(page, base + url, found, label=f"{url} @{width}")
        context.close()
    assert not found, "axe found WCAG violations:\n" + report(found)


def test_html_lang_follows_the_locale(desktop_page, live_server):
    for prefix, lang in (("", "en"), ("/pl", "pl"), ("/nl", "nl")):
        desktop_page.goto(f"{live_server.url}{prefix}/")
        assert desktop_page.locator("html").get_attribute("lang") == lang


def test_checkout_steps_empty_cart_errors_and_order_page_have_no_violations(desktop_page, live_server, demo):
    page = desktop_page
    page.set_default_timeout(10_000)
    base = live_server.url
    found: dict[str, list[str]] = {}
    check(page, f"{base}/cart/", found, label="empty cart")
    page.goto(base + demo["product"].get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")  # the form fetches its CSRF token first (static/js/csrf.js)
    check(page, f"{base}/cart/", found, label="cart with a line")
    page.goto(f"{base}/checkout/")
    check(page, "", found, label="checkout: address")
    page.get_by_role("button", name="Continue to delivery").click()  # empty form: errors
    summary = page.get_by_test_id("error-summary")
    assert summary.get_attribute("role") == "alert"
    summary.get_by_role("link", name=re.compile("^Email")).click()  # the summary links to the field
    assert page.evaluate("document.activeElement.name") == "email"
    assert page.locator("#id_email_error").is_visible()  # and the error also sits next to the field
    check(page, "", found, label="checkout: address with errors")
    fill_address(page)
    page.get_by_role("button", name="Continue to delivery").click()
    check(page, "", found, label="checkout: delivery")
    page.locator("input[name=delivery_option]").first.check()
    page.get_by_role("button", name="Continue to payment method").click()
    check(page, "", found, label="checkout: payment method")
    page.locator("#method-card").check()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_placeholder("number").wait_for()  # Stripe.js mounted its card form
    check(page, "", found, label="checkout: review and pay")
    page.get_by_label(re.compile("I accept the")).check()
    page.get_by_label(re.compile("I have read the")).check()
    page.get_by_placeholder("number").fill("4242424242424242")
    page.get_by_placeholder("exp_month").fill("12")
    page.get_by_placeholder("exp_year").fill("31")
    page.get_by_placeholder("cvc").fill("123")
    page.get_by_placeholder("postal_code").fill("1012")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    page.wait_for_url(re.compile(r"/orders/TM-"))
    check(page, "", found, label="order confirmation")
    assert not found, "axe found WCAG violations:\n" + report(found)


def test_account_pages_have_no_violations(desktop_page, live_server, demo):
    from demo.seeding.accounts import SHOPPER

    page = desktop_page
    page.set_default_timeout(10_000)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Email", re.I)).first.fill(SHOPPER.email)
    page.get_by_label("Password").fill(SHOPPER.password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    found: dict[str, list[str]] = {}
    for url in ("/account/", "/account/orders/", "/account/addresses/", "/account/security/", "/support/tickets/"):
        check(page, base + url, found)
    page.goto(f"{base}/account/orders/")
    order_link = page.locator("main a[href*='/orders/TM-']").first
    if order_link.count():
        order_link.click()
        check(page, "", found, label="account: order detail")
    assert not found, "axe found WCAG violations:\n" + report(found)
