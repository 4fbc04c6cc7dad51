"""In Debian's chromium against localstripe and its test double: a Polish shopper at phone width pays with BLIK in
złoty; a Dutch shopper pays with iDEAL, fails once at the bank, retries and pays."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from demo.seeding.payments import seed_payment_config
from orders.models import Order
from orders.states import OrderStatus
from shop.factories import ProductFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY
from tests.browser_helpers import fits_viewport

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.localstripe]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "methods"


@pytest.fixture
def guest_with_cart(live_server, localstripe, settings):
    settings.SHOP_BASE_URL = live_server.url  # Stripe's return_url must come back to this server
    seed_payment_config()
    product = ProductFactory(name="Walnut desk lamp", price_amount=4990, stock=3)
    cart = Cart.objects.create(guest_token="browser-methods-cart")
    CartLine.objects.create(cart=cart, product=product, quantity=1)
    client = Client()
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()
    return product, client.cookies["sessionid"].value


def checkout_to_review(page, live_server, session_id, *, country, city, postal_code, method):
    page.set_default_timeout(15_000)
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])
    page.goto(f"{live_server.url}/checkout/")
    page.get_by_label("Email").fill("shopper@example.com")
    page.get_by_label("Full name").fill("Ola Nowak" if country == "PL" else "Daan de Vries")
    page.get_by_label("Street and number").fill("Marszałkowska 1" if country == "PL" else "Damrak 1")
    page.get_by_label("Postal code").fill(postal_code)
    page.get_by_label("City").fill(city)
    page.get_by_label("Country").select_option(country)
    page.get_by_role("button", name="Continue to delivery").click()
    page.locator("input[name=delivery_option]").first.check()
    page.get_by_role("button", name="Continue to payment method").click()
    first_method = page.locator("input[name=payment_method]").first.get_attribute("value")
    page.locator(f"#method-{method}").check()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label(re.compile("I accept the")).check()
    page.get_by_label(re.compile("I have read the")).check()
    return first_method


def test_polish_shopper_on_a_phone_pays_with_blik_in_zloty(phone_page, live_server, guest_with_cart):
    page = phone_page
    product, session_id = guest_with_cart
    first = checkout_to_review(
        page, live_server, session_id, country="PL", city="Warszawa", postal_code="00-001", method="blik"
    )
    assert first == "blik"  # what Polish shoppers expect first
    total = page.get_by_test_id("quote-total").inner_text()
    assert "zł" in total and "251" in total  # 213.07 + 38.22 delivery, at 4.27
    assert "Paying in złoty avoids your bank" in page.get_by_test_id("currency-note").inner_text()
    assert fits_viewport(page)
    page.get_by_label("BLIK code").fill("123456")
    page.get_by_role("button", name=re.compile(r"^Pay .* with BLIK$")).click()
    # Waiting for the approval in the bank app: a countdown, then the page learns the outcome from the server.
    page.get_by_text("Approve the payment in your bank app").wait_for()
    assert page.get_by_test_id("blik-seconds").is_visible()
    assert fits_viewport(page)
    page.get_by_text("We received your payment").wait_for()
    order = Order.objects.get()
    assert order.currency == "PLN" and order.status == OrderStatus.PAID
    assert order.payments.get().method == "blik"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "blik-paid-375.png"), full_page=True)


def test_dutch_shopper_fails_once_at_the_bank_then_pays_with_ideal(desktop_page, live_server, guest_with_cart):
    page = desktop_page
    product, session_id = guest_with_cart
    first = checkout_to_review(
        page, live_server, session_id, country="NL", city="Amsterdam", postal_code="1012 LG", method="ideal"
    )
    assert first == "ideal"
    assert page.get_by_test_id("quote-total").inner_text() == "€54.85"
    page.get_by_role("button", name="Pay €54.85 with iDEAL").click()
    # The bank's (test) page: fail the first time.
    page.get_by_role("button", name="Fail test payment").click()
    page.get_by_test_id("payment-failed").wait_for()
    assert "not completed at your bank" in page.get_by_test_id("payment-failed").inner_text()
    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    # Retry from the order page, with the same method.
    page.get_by_role("button", name="Pay €54.85 with iDEAL").click()
    page.get_by_role("button", name="Authorise test payment").click()
    page.get_by_text("Your payment was received").wait_for()
    assert page.get_by_text("We received your payment of €54.85").is_visible()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert [p.state for p in order.payments.order_by("id")] == ["failed", "succeeded"]
