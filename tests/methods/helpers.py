"""Walking the checkout with Django's test client (the same steps a shopper takes)."""

from __future__ import annotations

from tests.payments.test_checkout_views import pay_form, walk_to_review


def checkout_to_review(client, product, *, country: str, method: str, quantity: int = 1) -> dict:
    """Fill the cart, the address, delivery and method; return the review page and the form its pay button
    posts (policies ticked)."""
    page, token = walk_to_review(client, product, method=method, country=country, quantity=quantity)
    return {"page": page, "form": pay_form(page, token), "token": token}
