"""Signed review links: one per (order, product), valid for that order only.

The token is ``django.core.signing`` over the order id, the product id and a stamp of the order's link secret
(salted, SECRET_KEY-signed, expiring), so changing either number breaks the signature, and revoking the order's
links (``orders.services.order_link_secret_rotate``) ends review links too. An expired or revoked link raises
``OrderLinkExpired``: its page offers a fresh order link by email, whose order page has the review links. The
link works only for the order it was made for:

* an order placed with an account: the link opens the form, but the shopper must be signed in as the order's
  account (the review is the account's, editable by it later);
* a guest order (no account): guests have nothing else to prove who they are, so the signed link itself is the
  proof. It lets the guest review the products of *that* order without an account; the review is verified by the
  order it came from, shown under the name on the order (first name and initial), rate-limited per order, and
  can be edited or deleted only through the same link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare

from orders.access import OrderLinkExpired, order_link_stamp, signed_load
from orders.models import Order
from shop.models import Product

SALT = "trustmark.reviews.order-link"
MAX_AGE_SECONDS = 60 * 60 * 24 * 180  # the link works for 180 days after the email


@dataclass(frozen=True)
class ReviewLink:
    order: Order
    product: Product


class BadReviewLink(Exception):
    pass


def review_link_token(*, order: Order, product: Product) -> str:
    data = {"o": order.pk, "p": product.pk, "s": order_link_stamp(order=order)}
    return signing.dumps(data, salt=SALT, compress=False)


def review_link_parse(token: str) -> ReviewLink:
    """The order and product a token was made for; ``BadReviewLink`` (tampered, product not in order) or
    ``OrderLinkExpired`` (a real link, older than ``MAX_AGE_SECONDS`` or revoked)."""
    try:
        data, expired = signed_load(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise BadReviewLink(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("o"), int) or not isinstance(data.get("p"), int):
        raise BadReviewLink("malformed")
    order = Order.objects.filter(pk=data["o"]).first()
    if order is None:
        raise BadReviewLink("no such order")
    line = order.lines.filter(product_id=data["p"]).select_related("product").first()
    if line is None or line.product is None:
        raise BadReviewLink("product not in order")
    if expired or not constant_time_compare(str(data.get("s", "")), order_link_stamp(order=order)):
        raise OrderLinkExpired(order)
    return ReviewLink(order=order, product=line.product)
