"""Anonymous catalogue pages that need no session set no cookie, so a shared cache in front could serve them.

The footer's language switcher is a GET form (no CSRF token); the product page's forms are the only ones an
anonymous visitor can post from a catalogue page, and they keep their CSRF token (tests/security checks CSRF).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from shop.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    mug = ProductFactory(name="Stoneware kettle", category=category, stock=3, is_featured=True)
    return category, mug


@pytest.mark.parametrize("path", ["/", "/c/kitchen/", "/search/?q=kettle", "/pl/", "/nl/c/kitchen/"])
def test_anonymous_listing_pages_set_no_cookie(client, shelf, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies, f"{path} set {list(response.cookies)}"
    assert "Cache-Control" not in response or "private" not in response["Cache-Control"]


def test_a_form_that_needs_csrf_still_gets_its_token(client, shelf):
    _category, mug = shelf
    response = client.get(mug.get_absolute_url())
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_a_posted_form_without_token_is_still_refused(shelf):
    _category, mug = shelf
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/cart/add/{mug.pk}/", {"quantity": 1}).status_code == 403
