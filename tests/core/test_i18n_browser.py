"""In Debian's chromium: a Polish product page and the Dutch checkout at 375 px and 1280 px. Long Polish and Dutch
words must not push the page sideways, the switcher must work by hand, and prices read the local way.

Screenshots go to var/screenshots/i18n/ (or $I18N_SCREENSHOTS) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.formatting import format_money
from demo.seeding.payments import seed_payment_config
from prices.selectors import product_price_in
from shop.factories import ProductFactory
from tests.browser_helpers import fits_viewport

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SHOTS = Path(os.environ.get("I18N_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots" / "i18n"))
WIDTHS = (375, 1280)


@pytest.fixture
def product(db):
    seed_payment_config()
    return ProductFactory(
        name="Wysokowytrzymałościowy termoizolacyjny kubek podróżny",  # a long Polish name on purpose
        price_amount=123456,
        stock=5,
    )


def new_page(browser, width: int):
    if width < 600:
        context = browser.new_context(viewport={"width": width, "height": 812}, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
def test_polish_product_page(live_server, browser, product, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = new_page(browser, width)
    try:
        page.goto(f"{live_server.url}/pl/p/{product.slug}/")
        assert page.locator("html").get_attribute("lang") == "pl"
        assert page.get_by_role("button", name="Dodaj do koszyka").is_visible()
        # On /pl/ the price is in złoty (the language's currency), written as Polish writes it.
        zloty = format_money(product_price_in(product=product, currency="PLN"), "pl")
        assert zloty.endswith("\u00a0zł") and "," in zloty
        assert page.get_by_text(zloty).first.is_visible()
        assert fits_viewport(page), f"/pl/ product page scrolls sideways at {width}px"
        page.screenshot(path=str(SHOTS / f"pl-product-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_dutch_checkout_by_hand(live_server, browser, product, width):
    """Switch to Dutch with the footer's switcher, add to the cart, walk the checkout to the pay button."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = new_page(browser, width)
    try:
        page.goto(f"{live_server.url}/p/{product.slug}/")
        page.get_by_label("Language").select_option("nl")
        page.get_by_role("button", name="Change").click()
        page.wait_for_url(f"**/nl/p/{product.slug}/")
        assert page.locator("html").get_attribute("lang") == "nl"
        page.get_by_role("button", name="In winkelwagen").click()
        page.wait_for_url("**/nl/cart/")  # the form fetches its CSRF token first (static/js/csrf.js)
        page.goto(f"{live_server.url}/nl/checkout/")
        page.wait_for_url("**/nl/checkout/address/")
        assert page.get_by_role("heading", name="Contact en adres").is_visible()
        assert fits_viewport(page), f"/nl/ checkout address step scrolls sideways at {width}px"
        page.screenshot(path=str(SHOTS / f"nl-checkout-address-{width}.png"), full_page=True)

        page.get_by_label("E-mail").fill("klant@example.com")
        page.get_by_label("Volledige naam").fill("Kees Klant")
        page.get_by_label("Straat en huisnummer").fill("Damrak 1")
        page.get_by_label("Postcode").fill("1012 LG")
        page.get_by_label("Plaats").fill("Amsterdam")
        page.get_by_label("Land").select_option("NL")
        page.get_by_role("button", name="Verder naar bezorging").click()
        page.wait_for_url("**/nl/checkout/delivery/")
        page.locator("input[name=delivery_option]").first.check()
        assert fits_viewport(page), f"/nl/ delivery step scrolls sideways at {width}px"
        page.screenshot(path=str(SHOTS / f"nl-checkout-delivery-{width}.png"), full_page=True)
        page.get_by_role("button", name="Verder naar betaalmethode").click()
        page.wait_for_url("**/nl/checkout/payment-method/")
        page.locator("input[name=payment_method][value=bank_transfer]").check()
        page.get_by_role("button", name="Verder naar controleren").click()
        page.wait_for_url("**/nl/checkout/review/")
        assert page.get_by_role("group", name="Voordat je betaalt").is_visible()
        assert page.get_by_text("Ik ga akkoord met de").is_visible()
        assert page.get_by_role("button", name="Bestel en betaal").is_visible()
        assert fits_viewport(page), f"/nl/ review step scrolls sideways at {width}px"
        page.screenshot(path=str(SHOTS / f"nl-checkout-review-{width}.png"), full_page=True)
    finally:
        context.close()


SWEEP = [
    "/",
    "/p/{slug}/",
    "/cart/",
    "/search/?q=kubek",
    "/trust/",
    "/payment-methods/",
    "/policies/returns/",
    "/support/",
    "/support/faq/",
    "/support/phishing/",
    "/support/report/",
    "/accounts/login/",
    "/accounts/signup/",
    "/reviews/how-we-handle-reviews/",
]


@pytest.mark.parametrize("lang", ["pl", "nl"])
def test_no_page_scrolls_sideways_at_375(live_server, browser, product, lang):
    """Polish and Dutch words are longer than English ones: every shopper page still fits a 375px phone."""
    from policies.factories import PolicyFactory, PolicyVersionFactory

    PolicyVersionFactory(policy=PolicyFactory(kind="returns"))
    context, page = new_page(browser, 375)
    try:
        page.goto(f"{live_server.url}/{lang}/p/{product.slug}/")
        page.get_by_role("button", name={"pl": "Dodaj do koszyka", "nl": "In winkelwagen"}[lang]).click()
        page.wait_for_url(f"**/{lang}/cart/")
        too_wide = []
        for path in SWEEP:
            response = page.goto(f"{live_server.url}/{lang}" + path.format(slug=product.slug))
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == lang
            if not fits_viewport(page):
                too_wide.append((path, page.evaluate("document.documentElement.scrollWidth")))
        assert not too_wide, too_wide
    finally:
        context.close()
