"""In chromium: a product page from the page cache sets no cookie, and its forms still post with a valid token.

The add-to-cart form's CSRF field is empty in the shared page; static/js/csrf.js fetches the visitor's token
when the form is used. A post that went out without it would be refused (403), so reaching the cart proves the
token and its cookie arrived. "Helpful" works the same way (an anonymous voter is sent to sign in).
"""

from __future__ import annotations

import re

import pytest

from reviews.models import Review
from shop.factories import CategoryFactory, ProductFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_cached_product_page_sets_no_cookie_and_its_forms_still_post(live_server, browser):
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    pan = ProductFactory(name="Carbon steel frying pan", category=category, price_amount=5900, stock=4)
    Review.objects.create(product=pan, display_name="Anna K.", rating=5, title="Great pan", body="Heats evenly.",
                          status=Review.Status.PUBLISHED, guest_email="anna@example.com")
    url = live_server.url + pan.get_absolute_url()
    for visit in range(2):  # stored by the first visitor, served to the second
        context = browser.new_context(viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.set_default_timeout(10_000)
        response = page.goto(url)
        assert response.status == 200 and "set-cookie" not in response.headers
        assert context.cookies() == []
        if visit == 0:
            context.close()
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/cart/$"))
    assert page.get_by_text("Added 2 × Carbon steel frying pan to your cart.").is_visible()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    page.get_by_role("button", name=re.compile("^Helpful")).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))  # not a 403: the token was there
    context.close()
