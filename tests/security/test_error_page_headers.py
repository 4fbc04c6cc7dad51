"""Every error page keeps the security headers in production [security bar 19-20; issue 14, item 10].

400, 403, 404, 500 and the CSRF failure page carry the same CSP, HSTS, nosniff, frame and referrer headers as any
other page, whichever layer the error comes from: a view, Django's URL resolver, or a middleware failing before
or after the view (a session that cannot be saved, a Host header that is not allowed). Production's values are
loaded from the real production settings (tests/security/test_production_headers.py).
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from shop import selectors as shop_selectors
from shop.factories import ProductFactory
from tests.security.test_production_headers import production_like, production_values  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
HOST = "shop.example.com"


def assert_security_headers(response) -> None:
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31_536_000
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def browser(production_like) -> Client:  # noqa: F811 - the fixture above
    """A browser on the production site over HTTPS; a server error is answered with the 500 page, not raised."""
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    client.defaults["wsgi.url_scheme"] = "https"
    return client


def test_404_from_the_url_resolver(browser):
    response = browser.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


def test_404_from_a_view(browser):
    response = browser.get(reverse("shop:product", args=["no-such-product"]), secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


def test_500_from_a_view(browser, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(shop_selectors, "product_get_for_detail", broken)
    response = browser.get(reverse("shop:product", args=["anything"]), secure=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert_security_headers(response)


def test_500_from_a_middleware_after_the_view(browser, monkeypatch):
    """The session cannot be saved (database down): SessionMiddleware fails after the view has answered."""
    product = ProductFactory(stock=3)

    def broken(self, must_create=False):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(SessionStore, "save", broken)
    response = browser.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "1"}, secure=True)
    assert response.status_code == 500
    assert_security_headers(response)


def test_400_for_a_host_that_is_not_allowed(browser):
    response = browser.get("/", secure=True, HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    assert_security_headers(response)


def test_403_csrf_failure(production_like):  # noqa: F811
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.com", "password": "x"}, secure=True)
    assert response.status_code == 403
    assert_security_headers(response)


def test_403_permission_denied(browser, monkeypatch):
    from django.core.exceptions import PermissionDenied

    def refused(**kwargs):
        raise PermissionDenied

    monkeypatch.setattr(shop_selectors, "product_get_for_detail", refused)
    response = browser.get(reverse("shop:product", args=["anything"]), secure=True)
    assert response.status_code == 403
    assert_security_headers(response)


def test_400_for_a_host_that_is_not_allowed_over_plain_http(browser):
    """The HTTPS redirect itself reads the Host header: the outermost middleware fails, the 400 page still has
    every header (HSTS is only ever sent over HTTPS)."""
    response = browser.get("/", HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
