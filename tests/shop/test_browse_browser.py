"""A shopper on a phone (375 px): home -> category -> product -> add to cart -> cart, in Debian's chromium."""

from __future__ import annotations

import re

import pytest

from shop.factories import CategoryFactory, ProductFactory
from tests.browser_helpers import fits_viewport
from tests.shop.catalogue_helpers import add_images

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_browse_to_cart_on_a_phone(live_server, phone_page):
    page = phone_page
    page.set_default_timeout(10_000)
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen", description="Pans, knives and plates.")
    cookware = CategoryFactory(name="Cookware", slug="cookware", parent=kitchen)
    product = ProductFactory(
        name="Carbon steel frying pan", category=cookware, brand="Kolberg Stal", price_amount=5900, stock=4,
        country_of_origin="DE", warranty_months=60, is_featured=True,
    )
    add_images(product, 3)
    ProductFactory(name="Enamel saucepan", category=cookware, stock=0)

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("heading", name="Shop by category").is_visible()
    assert fits_viewport(page)

    page.get_by_role("link", name="Kitchen", exact=True).click()
    page.wait_for_url(re.compile(r"/c/kitchen/$"))
    assert page.get_by_role("heading", level=1, name="Kitchen").is_visible()
    assert page.get_by_text("2 products").is_visible()
    assert page.get_by_text("Out of stock").is_visible()  # the sold-out saucepan says so plainly
    assert fits_viewport(page)

    page.get_by_role("link", name="Carbon steel frying pan").click()
    page.wait_for_url(re.compile(r"/p/"))
    assert page.get_by_role("heading", level=1, name="Carbon steel frying pan").is_visible()
    assert page.get_by_text("€59.00").first.is_visible()
    assert page.get_by_text("Only 4 left").is_visible()
    assert page.get_by_text("Germany").is_visible() and page.get_by_text("60 months").is_visible()
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert breadcrumbs.get_by_role("link", name="Cookware").is_visible()
    assert fits_viewport(page)

    quantity = page.get_by_label("Quantity")
    quantity.fill("2")
    add = page.get_by_role("button", name="Add to cart")
    box = add.bounding_box()
    assert box and box["height"] >= 44  # a comfortable touch target
    add.click()

    page.wait_for_url(re.compile(r"/cart/$"))
    assert page.get_by_role("heading", level=1, name="Your cart").is_visible()
    assert page.get_by_text("Added 2 × Carbon steel frying pan to your cart.").is_visible()
    assert page.get_by_role("link", name="Carbon steel frying pan").is_visible()
    assert page.get_by_text("€118.00").first.is_visible()
    note = page.locator(".cart-note")
    assert note.is_visible() and "before you pay" in note.inner_text()
    assert page.locator(".cart-count").inner_text().startswith("2")
    assert fits_viewport(page)

    # Asking for more than the stock: a clear message and the cart is unchanged.
    page.get_by_label("Quantity of Carbon steel frying pan").fill("9")
    page.get_by_role("button", name="Update").click()
    assert page.get_by_text("Only 4 of Carbon steel frying pan left in stock.").is_visible()
    assert page.get_by_label("Quantity of Carbon steel frying pan").input_value() == "2"


def test_catalogue_and_cart_fit_a_320px_screen(live_server, browser):
    kitchen = CategoryFactory(name="Kitchen", slug="kitchen")
    cookware = CategoryFactory(name="Cookware", slug="cookware", parent=kitchen)
    product = ProductFactory(name="Enamelled cast-iron casserole 4 l", category=cookware, stock=3)
    add_images(product, 2)
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        for path in ["/", "/c/kitchen/?min_price=abc", product.get_absolute_url(), "/search/?q=casserole"]:
            page.goto(live_server.url + path)
            assert fits_viewport(page), path
        page.goto(live_server.url + product.get_absolute_url())
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_url(re.compile(r"/cart/$"))
        assert fits_viewport(page)
        assert page.get_by_role("button", name="Remove").is_visible()
    finally:
        context.close()
