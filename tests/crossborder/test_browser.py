"""A shopper abroad: pick Switzerland on the product page, see duties and the delivery window, and meet the same
figures at checkout and on the order page; a badge opens its evidence."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from demo.seeding.payments import seed_payment_config
from shop.factories import ProductFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _text(page, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


@pytest.mark.parametrize("page_fixture", ["desktop_page", "phone_page"])
def test_pick_switzerland_see_duties_and_window_then_same_figures_at_checkout(live_server, request, page_fixture):
    seed_payment_config()
    product = ProductFactory(name="Copper kettle", price_amount=8900, stock=20)
    page = request.getfixturevalue(page_fixture)
    width = page.viewport_size["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}{product.get_absolute_url()}")
    page.select_option("#ship-to", "CH")
    page.get_by_role("button", name="Update delivery").click()
    page.wait_for_url("**ship_to=CH**")
    panel = page.locator('[data-testid="delivery-panel"]')
    assert "Delivered to Switzerland" in panel.inner_text()
    duties = _text(page, '[data-testid="delivery-panel"] [data-testid="duties"]')
    window = _text(page, '[data-testid="delivery-panel"] [data-testid="delivery-window"]')
    delivered = _text(page, '[data-testid="delivery-panel"] [data-testid="delivered-price"]')
    # 89.00 goods, 14.95 delivery: duty 2.5 % = 2.23, import VAT 8.1 % of 106.18 = 8.60 -> 10.83; total 114.78
    assert "€10.83" in duties and "collected now" in duties
    assert delivered == "€114.78"
    assert " – " in window
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"crossborder-product-{width}.png"), full_page=True)

    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")
    assert _text(page, '[data-testid="delivery-panel"] [data-testid="delivered-price"]') == delivered
    assert _text(page, '[data-testid="delivery-panel"] [data-testid="delivery-window"]') == window
    page.screenshot(path=str(SHOTS / f"crossborder-cart-{width}.png"), full_page=True)

    page.get_by_role("link", name="Checkout").click()
    assert page.locator("#id_country").input_value() == "CH"  # the country picked on the product page
    page.fill("#id_email", "heidi@example.ch")
    page.fill("#id_full_name", "Heidi Alp")
    page.fill("#id_address_line1", "Bahnhofstrasse 1")
    page.fill("#id_postal_code", "8001")
    page.fill("#id_city", "Zürich")
    page.get_by_role("button", name="Continue to delivery").click()
    page.locator('input[name="delivery_option"]').first.check()
    assert window in _text(page, 'main [data-testid="delivery-window"]')
    assert "€10.83" in _text(page, 'main .choice [data-testid="duties"]')
    page.get_by_role("button", name="Continue to payment method").click()
    page.locator("#method-bank_transfer").check()
    page.get_by_role("button", name="Continue to review").click()
    page.wait_for_url("**/checkout/review/")
    assert _text(page, '[data-testid="quote-duties"] .num') == "€10.83"
    assert _text(page, '[data-testid="quote-total"]') == delivered  # bank transfer: no fee
    assert window in _text(page, '[data-testid="quote-window"]')
    assert window in _text(page, '.review-facts [data-testid="delivery-window"]')
    page.screenshot(path=str(SHOTS / f"crossborder-review-{width}.png"), full_page=True)

    page.check("#id_accept_terms")
    page.check("#id_accept_returns")
    page.get_by_role("button", name="Order and pay").click()
    page.wait_for_url("**/orders/**")
    assert window in _text(page, '[data-testid="order-delivery-window"]')
    assert delivered in page.locator(".quote-table tfoot").inner_text()
    assert "€10.83" in page.locator(".quote-table").inner_text()
    page.goto(f"{live_server.url}/payment-methods/")
    page.screenshot(path=str(SHOTS / f"crossborder-fees-{width}.png"), full_page=True)


def test_a_badge_on_the_product_page_opens_its_evidence(live_server, desktop_page, staff_at_work):
    from core.cache import pages_cache
    from demo.seeding.support import seed_support
    from demo.seeding.trust import seed_trust
    from support.factories import TicketFactory
    from support.services import ticket_reply

    pages_cache.clear()  # badges are cached; earlier tests in this process rendered them with other data
    seed_payment_config()
    seed_support()
    seed_trust()
    created = timezone.now() - datetime.timedelta(days=1)
    ticket = TicketFactory(created_at=created)
    ticket_reply(ticket=ticket, author=None, body="Hi", now=created + datetime.timedelta(hours=2), notify=False)
    product = ProductFactory(name="Tea tin", price_amount=1500, stock=3)
    page = desktop_page
    page.goto(f"{live_server.url}{product.get_absolute_url()}")
    badge = page.locator('.product-info a.trust-badge[data-badge="support_response"]')
    badge.click()
    page.wait_for_url("**/trust/#badge-support-response")
    section = page.locator("#badge-support-response")
    assert section.is_visible() and "Median first response" in section.inner_text()
