"""A purchase with the keyboard alone: Tab / Shift+Tab to move, Enter and Space to act, arrow keys inside a radio
group, typing into fields. No clicks, no `fill`, no `check`: if a control cannot be reached or used from the
keyboard, this test cannot finish. The card goes into the (fake, localstripe) Stripe.js form in the page."""

from __future__ import annotations

import re

import pytest

from demo.seeding.payments import seed_payment_config
from orders.models import Order
from orders.states import OrderStatus
from shop.factories import ProductFactory
from tests.a11y.test_axe import stripe_in_browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.localstripe]
MAX_TABS = 80


def active_matches(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; fail if it is never reached."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if active_matches(page, selector):
            return
    raise AssertionError(f"{selector} was never reached with the keyboard")


def focus_visible(page) -> bool:
    """The focused element shows a focus indicator (an outline or a box-shadow ring)."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
    )


def enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_a_purchase_with_the_keyboard_alone(desktop_page, live_server, stripe_in_browser):  # noqa: F811
    seed_payment_config()
    product = ProductFactory(name="Walnut desk lamp", price_amount=4990, stock=3)
    page = desktop_page
    page.set_default_timeout(10_000)
    page.goto(live_server.url + product.get_absolute_url())

    # The skip link is the first stop and takes focus past the header.
    page.keyboard.press("Tab")
    assert active_matches(page, "a.skip-link") and focus_visible(page)
    tab_to(page, "form.add-to-cart button[type=submit]")
    assert focus_visible(page)
    enter_and_wait(page)

    tab_to(page, "a[href$='/cart/']")
    enter_and_wait(page)
    page.wait_for_url(re.compile(r"/cart/$"))
    tab_to(page, "a.btn-pay")
    enter_and_wait(page)
    page.wait_for_url(re.compile(r"/checkout/address/$"))

    type_into(page, "input[name=email]", "keys@example.com")
    type_into(page, "input[name=full_name]", "Kim Keys")
    type_into(page, "input[name=address_line1]", "Damrak 1")
    type_into(page, "input[name=postal_code]", "1012 LG")
    type_into(page, "input[name=city]", "Amsterdam")
    tab_to(page, "select[name=country]")
    page.keyboard.type("Netherlands")  # type-ahead in a focused select
    assert page.locator("select[name=country]").input_value() == "NL"
    tab_to(page, "button[type=submit]")
    enter_and_wait(page)
    page.wait_for_url(re.compile(r"/checkout/delivery/$"))

    tab_to(page, "input[name=delivery_option]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    enter_and_wait(page)
    page.wait_for_url(re.compile(r"/checkout/payment-method/$"))

    tab_to(page, "input[name=payment_method]")
    for _ in range(10):
        if active_matches(page, "#method-card"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator("#method-card").is_checked()
    tab_to(page, "button[type=submit]")
    enter_and_wait(page)
    page.wait_for_url(re.compile(r"/checkout/review/$"))

    page.get_by_placeholder("number").wait_for()  # Stripe.js mounted the card form
    total = page.get_by_test_id("quote-total").inner_text()
    tab_to(page, "input[type=checkbox]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    if not active_matches(page, "input[type=checkbox]"):
        tab_to(page, "input[type=checkbox]:not(:checked)")
    page.keyboard.press("Space")
    assert page.locator("main input[type=checkbox]:checked").count() >= 2
    type_into(page, "input[placeholder=number]", "4242 4242 4242 4242")
    type_into(page, "input[placeholder=exp_month]", "12")
    type_into(page, "input[placeholder=exp_year]", "31")
    type_into(page, "input[placeholder=cvc]", "123")
    type_into(page, "input[placeholder=postal_code]", "1012")
    tab_to(page, "button[type=submit]")
    assert re.fullmatch(r"Pay (EUR |€)\d+\.\d\d", page.evaluate("document.activeElement.innerText.trim()"))
    assert focus_visible(page)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/orders/TM-"))
    assert page.get_by_text(re.compile("Thank you! We received your payment")).is_visible()
    assert page.get_by_test_id("timeline").get_by_text("Paid").is_visible()
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert total.replace("€", "").replace(",", "") in page.locator("main").inner_text().replace(",", "")
