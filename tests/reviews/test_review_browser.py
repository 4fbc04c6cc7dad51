"""In Debian's chromium: a shopper follows the link from their delivery email, writes a review and sees it on
the product page with the "Verified purchase" label; screenshots at 375 px and 1280 px for a visual check."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.factories import UserFactory
from orders.factories import order_move
from orders.states import OrderStatus
from reviews.models import MerchantReply, Review
from reviews.services import review_submit
from shop.factories import ProductFactory
from tests.browser_helpers import fits_viewport

from .conftest import make_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SHOTS = Path(
    os.environ.get("REVIEW_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots" / "reviews")
)


def signed_in_context(browser, live_server, user, **context_args):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**context_args)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_write_a_review_from_the_order_email(live_server, browser):
    product = ProductFactory(name="Stoneware mug", price_amount=1800)
    shopper = UserFactory(username="ola", first_name="Ola", last_name="Berg", email="ola@example.com")
    order = make_order(user=shopper, products=[product], status=OrderStatus.PLACED)
    for step in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order_move(order=order, to_status=step, cause="test")  # committed: the signal really fires
    request = next(m for m in mail.outbox if m.subject.startswith("How was your order"))
    link = re.search(r"https?://\S+(/reviews/order/\S+/)", request.body).group(1)

    context = signed_in_context(
        browser, live_server, shopper, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + link)
    assert page.get_by_role("heading", level=1, name="Write a review").is_visible()
    assert page.get_by_text("your review will carry the “Verified purchase” label").is_visible()
    page.get_by_label("4 of 5 stars").check()
    page.get_by_label("Title").fill("Keeps coffee warm")
    page.get_by_label("Your review").fill("Thick walls, comfortable handle. <b>Not</b> dishwasher-proof glaze though.")
    page.get_by_role("button", name="Publish review").click()

    page.wait_for_url(re.compile(r"/p/.+#reviews$"))
    review = page.locator("article.review").first
    assert review.get_by_role("heading", name="Keeps coffee warm").is_visible()
    assert review.get_by_role("link", name="Verified purchase").is_visible()
    assert review.get_by_text("<b>Not</b> dishwasher-proof").is_visible()  # shown as typed, escaped
    assert page.get_by_text("Thank you. Your review is published.").is_visible()
    assert fits_viewport(page)
    assert Review.objects.get().author == shopper
    context.close()


def test_screenshots(live_server, browser):
    """Not an assertion of looks: it writes PNGs for a person to look at (and checks no sideways scroll)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    product = ProductFactory(name="Linen tea towel")
    for n, (rating, title) in enumerate(
        [(5, "Soft after one wash"), (4, "Good towel"), (1, "Frayed edge"), (2, "Thin"), (5, "Perfect gift")]
    ):
        user = UserFactory(username=f"shot{n}", first_name=f"Name{n}", last_name="Tester")
        make_order(user=user, products=[product])
        review = review_submit(
            product=product,
            user=user,
            rating=rating,
            title=title,
            body="A few honest sentences about how it held up in daily use.",
        )
        if rating <= 2:
            MerchantReply.objects.create(
                review=review,
                author_name="Trustmark customer care",
                body="Sorry about that: we have sent a replacement.",
            )
    for width, height in ((375, 812), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + product.get_absolute_url() + "#reviews")
        page.locator("#reviews").screenshot(path=str(SHOTS / f"product-reviews-{width}.png"))
        assert fits_viewport(page)
        page.goto(live_server.url + product.category.get_absolute_url())
        assert page.get_by_text("3.4 out of 5 (5 reviews)").is_visible()
        page.screenshot(path=str(SHOTS / f"category-{width}.png"), full_page=True)
        page.goto(live_server.url + "/reviews/how-we-handle-reviews/")
        page.screenshot(path=str(SHOTS / f"policy-{width}.png"), full_page=True)
        assert fits_viewport(page)
        context.close()


def test_form_screenshots(live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    product = ProductFactory(name="Walnut tray")
    shopper = UserFactory(username="formshot", first_name="Form", last_name="Shot")
    make_order(user=shopper, products=[product])
    for width, height in ((375, 812), (1280, 900)):
        context = signed_in_context(browser, live_server, shopper, viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + f"/reviews/product/{product.slug}/write/")
        page.get_by_role("button", name="Publish review").click()  # empty: errors next to the fields
        assert page.get_by_text("Choose a rating from 1 to 5 stars.").is_visible()
        page.screenshot(path=str(SHOTS / f"form-errors-{width}.png"), full_page=True)
        assert fits_viewport(page)
        context.close()
