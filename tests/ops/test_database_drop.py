"""The database connection dies in the middle of a request: a clean error page, nothing half-written."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from shop.factories import ProductFactory
from shop.models import Cart, CartLine
from tests.ops.faults import connection_drops_after_writes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shopper() -> Client:
    return Client(raise_request_exception=False)  # as a real server: the exception becomes the 500 page


def assert_friendly_500(response) -> None:
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "nothing is half-saved" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_add_to_cart_fails_cleanly_when_the_database_drops_mid_request(shopper):
    product = ProductFactory(stock=5)

    with connection_drops_after_writes(1) as fault:  # the cart row is written, then the connection dies
        response = shopper.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "2"})

    assert fault["dropped"]
    assert_friendly_500(response)
    assert not CartLine.objects.exists()
    product.refresh_from_db()
    assert product.stock == 5
    # The shopper comes back once the database is up: the cart is simply empty, and adding works.
    assert shopper.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "2"}).status_code == 302
    assert CartLine.objects.get().quantity == 2


def test_changing_a_quantity_fails_cleanly_and_keeps_the_old_quantity(shopper):
    product = ProductFactory(stock=9)
    shopper.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "3"})
    assert CartLine.objects.get().quantity == 3

    with connection_drops_after_writes(0) as fault:  # dies before the first write of this request
        response = shopper.post(reverse("shop:cart_update", args=[product.pk]), {"quantity": "7"})

    assert fault["dropped"]
    assert_friendly_500(response)
    assert CartLine.objects.get().quantity == 3
    assert Cart.objects.count() == 1


def test_the_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_404_page_is_friendly_and_offers_search(client):
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We can&#x27;t find that page" in page or "We can't find that page" in page
    assert 'role="search"' in page


@pytest.mark.parametrize("writes_before_drop", [1, 3])
def test_placing_an_order_fails_cleanly_when_the_database_drops_midway(shopper, shop, writes_before_drop):
    """The order row (and lines) are written, then the connection dies: no half order, stock and cart intact."""
    from orders.models import Order, PaymentMethod
    from tests.payments.test_checkout_views import fingerprint_in, walk_to_review

    page, token = walk_to_review(shopper, shop, method=PaymentMethod.BANK_TRANSFER, quantity=2)
    data = {
        "checkout_token": token, "quote_fingerprint": fingerprint_in(page), "accept_terms": "on", "accept_returns": "on"
    }

    with connection_drops_after_writes(writes_before_drop) as fault:
        response = shopper.post("/checkout/pay/", data)

    assert fault["dropped"]
    assert_friendly_500(response)
    assert not Order.objects.exists()
    shop.refresh_from_db()
    assert shop.stock == 5
    assert CartLine.objects.get().quantity == 2
    # Back up: the same checkout goes through once.
    assert shopper.post("/checkout/pay/", data).status_code == 302
    assert Order.objects.count() == 1
    shop.refresh_from_db()
    assert shop.stock == 3
