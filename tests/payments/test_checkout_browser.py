"""Card purchases in Debian's chromium against a real localstripe and its fake Stripe.js."""

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
from tests.payments.conftest import CARD_3DS, CARD_DECLINE, CARD_OK

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.localstripe]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "payments"


@pytest.fixture
def stripe_in_browser(localstripe):
    """The localstripe fixture already serves the CSP built for its origin (``config.csp.build_csp``)."""
    return localstripe


@pytest.fixture
def guest_with_cart(live_server, stripe_in_browser):
    seed_payment_config()
    product = ProductFactory(name="Walnut desk lamp", price_amount=4990, stock=3)
    cart = Cart.objects.create(guest_token="browser-guest-cart")
    CartLine.objects.create(cart=cart, product=product, quantity=1)
    client = Client()
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()
    return product, client.cookies["sessionid"].value


def go_to_review(page, live_server, session_id):
    page.set_default_timeout(10_000)
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])
    page.goto(f"{live_server.url}/checkout/")
    page.get_by_label("Email").fill("guest@example.com")
    page.get_by_label("Full name").fill("Gus Guest")
    page.get_by_label("Street and number").fill("Damrak 1")
    page.get_by_label("Postal code").fill("1012 LG")
    page.get_by_label("City").fill("Amsterdam")
    page.get_by_label("Country").select_option("NL")
    page.get_by_role("button", name="Continue to delivery").click()
    page.locator("input[name=delivery_option]").first.check()
    page.get_by_role("button", name="Continue to payment method").click()
    page.locator("#method-card").check()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label(re.compile("I accept the")).check()
    page.get_by_label(re.compile("I have read the")).check()


def enter_card(page, number):
    page.get_by_placeholder("number").fill(number)
    page.get_by_placeholder("exp_month").fill("12")
    page.get_by_placeholder("exp_year").fill("31")  # the fake element prefixes "20"
    page.get_by_placeholder("cvc").fill("123")
    page.get_by_placeholder("postal_code").fill("1012")


def pay_button(page):
    return page.get_by_role("button", name=re.compile(r"^Pay €54\.85$"))


def test_card_purchase_with_3ds_challenge_completed(desktop_page, live_server, guest_with_cart):
    page = desktop_page
    product, session_id = guest_with_cart
    go_to_review(page, live_server, session_id)
    assert page.get_by_test_id("quote-total").inner_text() == "€54.85"
    assert page.get_by_text("Your bank may ask you to confirm this payment.").is_visible()
    enter_card(page, CARD_3DS)
    pay_button(page).click()
    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url(re.compile(r"/orders/TM-"))
    assert page.get_by_text("Thank you! We received your payment of €54.85").is_visible()
    assert page.get_by_test_id("timeline").get_by_text("Paid").is_visible()
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert order.payments.get().authenticated_3ds
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "order-paid-1280.png"), full_page=True)


def test_card_3ds_failed_then_retried(desktop_page, live_server, guest_with_cart):
    page = desktop_page
    product, session_id = guest_with_cart
    go_to_review(page, live_server, session_id)
    enter_card(page, CARD_3DS)
    pay_button(page).click()
    page.get_by_role("button", name="Fail authentication").click()
    alert = page.locator("#pay-errors")
    alert.wait_for(state="visible")
    assert "could not confirm it was you" in alert.inner_text()
    order = Order.objects.get()
    assert order.status != OrderStatus.PAID
    product.refresh_from_db()
    assert product.stock == 3  # nothing taken while unpaid

    page.get_by_placeholder("number").fill(CARD_OK)
    pay_button(page).click()
    page.wait_for_url(re.compile(r"/orders/TM-"))
    assert page.get_by_text("Thank you! We received your payment").is_visible()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_declined_card_shows_a_clear_message_and_stays_on_checkout(desktop_page, live_server, guest_with_cart):
    page = desktop_page
    product, session_id = guest_with_cart
    go_to_review(page, live_server, session_id)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-1280.png"), full_page=True)
    enter_card(page, CARD_DECLINE)
    pay_button(page).click()
    alert = page.locator("#pay-errors")
    alert.wait_for(state="visible")
    assert "declined by your bank" in alert.inner_text() and "not charged" in alert.inner_text()
    assert "/checkout/review/" in page.url
    assert pay_button(page).is_enabled()  # retry allowed
    product.refresh_from_db()
    assert product.stock == 3
    page.screenshot(path=str(SCREENSHOTS / "declined-1280.png"), full_page=True)


def test_review_page_at_phone_width(phone_page, live_server, guest_with_cart):
    page = phone_page
    product, session_id = guest_with_cart
    go_to_review(page, live_server, session_id)
    assert fits_viewport(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-375.png"), full_page=True)
