"""Drive the real shop over HTTP for the security tests: a small catalogue, then a guest checkout up to the
pay step (and, with localstripe, through a card payment made the way Stripe.js makes it)."""

from __future__ import annotations

import re

from django.urls import reverse

from demo.seeding.payments import seed_payment_config
from demo.seeding.policies import seed_policies
from orders.models import DeliveryOption, PaymentMethod
from shop.factories import CategoryFactory, ProductFactory

CHECKOUT_ADDRESS = {
    "email": "bea@example.com",
    "full_name": "Bea Buyer",
    "address_line1": "Damrak 1",
    "address_line2": "",
    "postal_code": "1012 LG",
    "city": "Amsterdam",
    "country": "NL",
    "phone": "",
}


def shop_make():
    """One category, one product in stock, the payment configuration and the published policies."""
    seed_payment_config()
    seed_policies()
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    product = ProductFactory(category=category, name="Oak chopping board", price_amount=2500, stock=5)
    return category, product


def checkout_to_pay_step(client, product, *, method: str = PaymentMethod.CARD):
    """Cart -> address -> delivery -> payment method -> the review page that carries Stripe.js. Returns it."""
    response = client.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "1"})
    assert response.status_code == 302, response
    response = client.post(reverse("checkout:checkout_address"), CHECKOUT_ADDRESS)
    assert response.status_code == 302, response.content[:3000]
    option = next(
        o for o in DeliveryOption.objects.filter(active=True).select_related("zone") if "NL" in o.zone.country_codes
    )
    response = client.post(reverse("checkout:checkout_delivery"), {"delivery_option": option.pk})
    assert response.status_code == 302, response.content[:3000]
    response = client.post(reverse("checkout:checkout_method"), {"payment_method": method})
    assert response.status_code == 302, response.content[:3000]
    review = client.get(reverse("checkout:checkout_review"))
    assert review.status_code == 200
    return review


def checkout_token(review_html: str) -> str:
    return re.search(r'name="checkout_token" value="([^"]+)"', review_html).group(1)


def pay_with_card(client, review_html: str, payment_method_id: str):
    return client.post(
        reverse("checkout:checkout_pay"),
        {
            "checkout_token": checkout_token(review_html),
            "quote_fingerprint": re.search(r'name="quote_fingerprint" value="([^"]+)"', review_html).group(1),
            "accept_terms": "on",
            "accept_returns": "on",
            "payment_method_id": payment_method_id,
        },
        HTTP_ACCEPT="application/json",
    )
