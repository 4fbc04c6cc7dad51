"""After delivery: one email per order, one signed link per item, valid for that order only."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from orders.access import order_link_stamp
from orders.factories import order_move
from orders.states import OrderStatus
from payments.models import Refund
from reviews.models import Review, ReviewRequest
from reviews.tokens import SALT, review_link_token
from shop.factories import ProductFactory

from .conftest import make_order

pytestmark = pytest.mark.django_db
GOOD = {"rating": "5", "title": "Exactly as described", "body": "Arrived well packed and works perfectly."}


def deliver(order, capture):
    with capture(execute=True):
        for step in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            order_move(order=order, to_status=step, cause="test")


def review_requests():
    """The review request emails (the payments app sends its own order emails beside them)."""
    return [m for m in mail.outbox if m.subject.startswith("How was your order")]


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+/reviews/order/\S+/", body)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def two_item_order(shopper):
    products = [ProductFactory(name="Wool scarf"), ProductFactory(name="Cotton socks")]
    return make_order(user=shopper, products=products, status=OrderStatus.PLACED), products


class TestRequestEmail:
    def test_delivery_sends_one_email_with_a_link_per_item(self, two_item_order, django_capture_on_commit_callbacks):
        order, products = two_item_order
        deliver(order, django_capture_on_commit_callbacks)
        assert len(review_requests()) == 1
        email = review_requests()[0]
        assert email.to == [order.email]
        assert "Wool scarf" in email.body and "Cotton socks" in email.body
        assert len(links_in(email.body)) == 2
        assert ReviewRequest.objects.filter(order=order).count() == 1

    def test_no_email_before_delivery(self, shopper, product, django_capture_on_commit_callbacks):
        order = make_order(user=shopper, products=[product], status=OrderStatus.PLACED)
        with django_capture_on_commit_callbacks(execute=True):
            order_move(order=order, to_status=OrderStatus.PAID, cause="test")
            order_move(order=order, to_status=OrderStatus.SHIPPED, cause="test")
        assert review_requests() == []

    def test_a_partial_refund_after_delivery_sends_nothing_more(
        self, two_item_order, django_capture_on_commit_callbacks
    ):
        order, _products = two_item_order
        deliver(order, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            Refund.objects.create(order=order, amount=100, currency=order.currency, reason="test", state="succeeded")
        order.refresh_from_db()
        assert order.status == OrderStatus.DELIVERED  # a refund is not a move of the order: no second delivery
        assert len(review_requests()) == 1


class TestSignedLink:
    def test_link_opens_the_form_for_that_product_and_posts_a_verified_review(
        self, client, shopper, two_item_order, django_capture_on_commit_callbacks
    ):
        order, products = two_item_order
        deliver(order, django_capture_on_commit_callbacks)
        link = path_of(links_in(review_requests()[0].body)[0])
        client.force_login(shopper)
        page = client.get(link).content.decode()
        assert "Wool scarf" in page and "Verified purchase" in page
        response = client.post(link, GOOD)
        assert response.status_code == 302
        review = Review.objects.get()
        assert review.product == products[0] and review.author == shopper
        assert client.get(link)["Location"] == reverse("reviews:edit", args=[review.pk])

    def test_link_needs_the_orders_account(
        self, client, shopper, other_shopper, two_item_order, django_capture_on_commit_callbacks
    ):
        order, _products = two_item_order
        deliver(order, django_capture_on_commit_callbacks)
        link = path_of(links_in(review_requests()[0].body)[0])
        response = client.get(link)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        client.force_login(other_shopper)
        response = client.post(link, GOOD)
        assert response.status_code == 403 and "belongs to another account" in response.content.decode()
        assert not Review.objects.exists()

    def test_link_is_for_that_order_only(self, client, shopper, product):
        order = make_order(user=shopper, products=[product])
        other_product = ProductFactory()
        other_order = make_order(user=shopper, products=[other_product])
        client.force_login(shopper)
        # A product that is not in the order, even signed correctly, does not work.
        forged = review_link_token(order=order, product=other_product)
        assert client.get(reverse("reviews:write_from_order", args=[forged])).status_code == 404
        # Tampering with the payload breaks the signature.
        token = review_link_token(order=order, product=product)
        payload = signing.dumps({"o": other_order.pk, "p": product.pk}, salt="another-salt")
        assert client.get(reverse("reviews:write_from_order", args=[payload])).status_code == 404
        assert client.get(reverse("reviews:write_from_order", args=[token[:-2] + "xx"])).status_code == 404
        assert signing.loads(token, salt=SALT) == {"o": order.pk, "p": product.pk, "s": order_link_stamp(order=order)}

    def test_guest_reviews_through_the_link_without_an_account(self, client, product, review_settings):
        order = make_order(user=None, products=[product], email="Guest@Example.com")
        order.full_name = "Greta van Dijk"
        order.save(update_fields=["full_name"])
        url = reverse("reviews:write_from_order", args=[review_link_token(order=order, product=product)])
        assert client.get(url).status_code == 200
        assert client.post(url, GOOD).status_code == 302
        review = Review.objects.get()
        assert review.author is None and review.guest_email == "guest@example.com"
        page = client.get(reverse("reviews:product", kwargs={"slug": product.slug})).content.decode()
        assert "Greta D." in page and "Verified purchase" in page
        # Same link: edit, then delete. Posting again does not create a second review.
        client.post(url, {**GOOD, "title": "Still great"})
        assert Review.objects.get().title == "Still great" and Review.objects.get().edited_at
        client.post(url, {"delete": "1"})
        assert not Review.objects.exists()

    def test_guest_link_before_delivery_is_refused(self, client, product, review_settings):
        order = make_order(user=None, products=[product], email="g@example.com", status=OrderStatus.SHIPPED)
        url = reverse("reviews:write_from_order", args=[review_link_token(order=order, product=product)])
        assert client.get(url).status_code == 403
        assert client.post(url, GOOD).status_code in (400, 403)
        assert not Review.objects.exists()

    def test_guest_link_is_rate_limited_by_its_order(self, client, review_settings):
        products = [ProductFactory() for _ in range(6)]
        order = make_order(user=None, products=products, email="g2@example.com")
        for product in products[:5]:
            url = reverse("reviews:write_from_order", args=[review_link_token(order=order, product=product)])
            assert client.post(url, GOOD).status_code == 302
        url = reverse("reviews:write_from_order", args=[review_link_token(order=order, product=products[5])])
        response = client.post(url, GOOD)
        assert response.status_code == 400 and "in the last hour" in response.content.decode()


class TestOrderPageLinks:
    def test_links_appear_once_the_order_is_delivered(self, shopper, product, review_settings):
        from django.template import Context, Template

        template = Template("{% load reviews %}{% order_review_links order %}")
        order = make_order(user=shopper, products=[product], status=OrderStatus.SHIPPED)
        assert "Write a review" not in template.render(Context({"order": order}))
        order_move(order=order, to_status=OrderStatus.DELIVERED, cause="test")
        html = template.render(Context({"order": order}))
        assert "Write a review" in html and "/reviews/order/" in html


def test_the_order_page_offers_a_review_link_per_item_once_delivered(client, shopper, product):
    delivered = make_order(user=shopper, products=[product])
    shipped = make_order(user=shopper, products=[product], status=OrderStatus.SHIPPED)
    client.force_login(shopper)

    page = client.get(delivered.get_absolute_url()).content.decode()
    assert "Review what you bought" in page
    assert "Write a review" in page

    assert "Review what you bought" not in client.get(shipped.get_absolute_url()).content.decode()
