"""Anonymous catalogue pages that need no session set no cookie, so a shared cache in front could serve them.

The footer's language switcher is a GET form (no CSRF token). The product page's forms (add to cart, "helpful")
carry an empty CSRF field that static/js/csrf.js fills from the token endpoint when the form is used
(``{% csrf_deferred %}``); the check on POST is Django's own, unchanged (tests/security checks CSRF too).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from shop.factories import CategoryFactory, ProductFactory
from shop.models import Cart

pytestmark = pytest.mark.django_db
FIELD = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture
def shelf():
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    mug = ProductFactory(name="Stoneware kettle", category=category, stock=3, is_featured=True)
    return category, mug


@pytest.mark.parametrize("path", ["/", "/c/kitchen/", "/search/?q=kettle", "/pl/", "/nl/c/kitchen/", "product",
                                  "/pl/product"])
def test_anonymous_catalogue_pages_set_no_cookie(client, shelf, path):
    path = path.replace("product", shelf[1].get_absolute_url().lstrip("/")) if "product" in path else path
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(path if path.startswith("/") else "/" + path)
        assert response.status_code == 200
        assert not response.cookies, f"{path} set {list(response.cookies)}"
        assert "Cache-Control" not in response or "private" not in response["Cache-Control"]


def test_the_product_form_fetches_its_token_when_used(shelf):
    _category, mug = shelf
    page = Client().get(mug.get_absolute_url()).content.decode()
    assert FIELD.findall(page) == [""]  # the add-to-cart form, no token in the shared page
    assert f'data-csrf-url="{reverse("csrf_token")}"' in page and "js/csrf.js" in page


def test_a_fetched_token_lets_the_form_post_and_a_missing_one_does_not(shelf):
    _category, mug = shelf
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(mug.get_absolute_url())
    add = reverse("shop:cart_add", args=[mug.pk])
    assert visitor.post(add, {"quantity": 1}).status_code == 403  # no cookie, no token
    answer = visitor.get(reverse("csrf_token"))
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert settings.CSRF_COOKIE_NAME in answer.cookies
    token = answer.json()["token"]
    assert visitor.post(add, {"quantity": 1}).status_code == 403  # the cookie alone is not enough
    assert visitor.post(add, {"quantity": 1, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert Cart.objects.count() == 0
    response = visitor.post(add, {"quantity": 1, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == reverse("shop:cart")
    assert Cart.objects.get().lines.get().product == mug


def test_a_token_is_only_good_with_its_own_cookie(shelf):
    _category, mug = shelf
    token = Client().get(reverse("csrf_token")).json()["token"]
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(reverse("csrf_token"))  # a cookie of their own
    assert stranger.post(reverse("shop:cart_add", args=[mug.pk]),
                         {"quantity": 1, "csrfmiddlewaretoken": token}).status_code == 403


def test_a_shopper_with_a_session_gets_the_token_in_the_page(client, shelf):
    _category, mug = shelf
    client.get(reverse("csrf_token"))
    token = client.get(reverse("csrf_token")).json()["token"]
    client.post(reverse("shop:cart_add", args=[mug.pk]), {"quantity": 1, "csrfmiddlewaretoken": token})
    page = client.get(mug.get_absolute_url()).content.decode()
    assert FIELD.findall(page) and all(FIELD.findall(page)) and "js/csrf.js" not in page


def test_without_javascript_the_refusal_offers_the_form_again_with_a_token(shelf):
    """No script, no token: the post is refused (nothing added) and the 403 page holds the same form with this
    visitor's token and the quantity; one more press adds it."""
    _category, mug = shelf
    visitor = Client(enforce_csrf_checks=True)
    add = reverse("shop:cart_add", args=[mug.pk])
    refused = visitor.post(add, {"quantity": "2", "csrfmiddlewaretoken": "", "product": "smuggled"})
    assert refused.status_code == 403 and Cart.objects.count() == 0
    page = refused.content.decode()
    assert f'action="{add}"' in page and 'name="quantity" value="2"' in page and "smuggled" not in page
    token = FIELD.findall(page)[0]
    assert token and settings.CSRF_COOKIE_NAME in refused.cookies
    again = visitor.post(add, {"quantity": "2", "csrfmiddlewaretoken": token})
    assert again.status_code == 302 and Cart.objects.get().lines.get().quantity == 2


def test_other_forms_get_the_plain_refusal(shelf):
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(reverse("account_login"), {"login": "a@example.com", "password": "x"})
    assert refused.status_code == 403 and "csrfmiddlewaretoken" not in refused.content.decode()


def test_the_review_block_brings_its_own_script_when_the_product_sells_out(shelf):
    """The cached review block's "helpful" forms need csrf.js even when the page has no add-to-cart form."""
    from reviews.models import Review

    _category, mug = shelf
    Review.objects.create(product=mug, display_name="Anna K.", rating=5, title="Great", body="Heats evenly.",
                          status=Review.Status.PUBLISHED, guest_email="anna@example.com")
    Client().get(mug.get_absolute_url())  # block cached while the add-to-cart form is on the page
    mug.stock = 0
    mug.save()
    page = Client().get(mug.get_absolute_url()).content.decode()
    assert "cannot be ordered" in page and 'action="/reviews/' in page and "js/csrf.js" in page
