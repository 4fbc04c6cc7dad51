"""The total charged is the total on the pay button (issue 14, item 2).

The review page's pay form carries the fingerprint of the quote it shows (lines, prices, delivery, fee, duties,
currency, total). If the cart, a price or the delivery option's price changes between the review page and the
click (another tab, the merchant's admin), the pay POST is refused: "Your basket changed; please check the new
total", back to the review page with the new total. Nothing is placed or charged, no stock is taken and no
PaymentIntent is created, for every payment method.
"""

from __future__ import annotations

import re

import pytest

from checkout.pricing import cart_quote
from orders.models import DeliveryOption, Order, PaymentMethod
from payments import gateway
from payments.models import Payment
from shop.models import CartLine
from shop.selectors import CartItem, CartSummary
from tests.payments.conftest import CARD_DECLINE, card_token
from tests.payments.test_checkout_views import fingerprint_in, pay_form, walk_to_review

pytestmark = [pytest.mark.django_db]
JSON = {"HTTP_ACCEPT": "application/json"}
CHANGED = "Your basket changed; please check the new total"

# Product 25.00, NL standard delivery 4.95; cash on delivery adds 2.50.
BEFORE = {PaymentMethod.CARD: "€29.95", PaymentMethod.SEPA_DEBIT: "€29.95", PaymentMethod.BANK_TRANSFER: "€29.95",
          PaymentMethod.CASH_ON_DELIVERY: "€32.45"}
COD_FEE = 250


def add_a_line_quantity(shop):
    line = CartLine.objects.get()
    line.quantity = 2
    line.save()
    return 2 * 2500 + 495


def raise_the_price(shop):
    shop.price_amount = 2700
    shop.save()  # as the merchant's admin does
    return 2700 + 495


def raise_the_delivery_price(shop):
    option = DeliveryOption.objects.filter(zone__countries__contains="NL").order_by("position").first()
    option.price_amount = 695
    option.save()  # through the admin: the cached checkout configuration is dropped by the save signal
    return 2500 + 695


CHANGES = [add_a_line_quantity, raise_the_price, raise_the_delivery_price]
METHODS = [PaymentMethod.CARD, PaymentMethod.SEPA_DEBIT, PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH_ON_DELIVERY]


@pytest.fixture
def no_gateway(monkeypatch):
    """Any call that would create a PaymentIntent or a payment method fails the test."""
    calls = []

    def refuse(name):
        def call(**kwargs):
            calls.append(name)
            raise AssertionError(f"{name} must not be called")

        return call

    for name in ("intent_create", "intent_confirm", "sepa_payment_method_create", "card_facts"):
        monkeypatch.setattr(gateway, name, refuse(name))
    return calls


def euros(cents: int) -> str:
    return f"€{cents // 100}.{cents % 100:02d}"


def pay_data(page: str, token: str, method: str) -> dict:
    data = pay_form(page, token)
    if method == PaymentMethod.CARD:
        data["payment_method_id"] = "pm_card_visa"
    if method == PaymentMethod.SEPA_DEBIT:
        data.update(iban="DE89 3704 0044 0532 0130 00", account_holder="Gus Guest")
    return data


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_between_review_and_pay_is_refused_and_the_new_total_shown(client, shop, no_gateway, method, change):
    page, token = walk_to_review(client, shop, method=method)
    assert BEFORE[method] in re.search(r'data-testid="quote-total">([^<]+)<', page).group(1)

    new_total = change(shop) + (COD_FEE if method == PaymentMethod.CASH_ON_DELIVERY else 0)
    headers = JSON if method == PaymentMethod.CARD else {}
    response = client.post("/checkout/pay/", pay_data(page, token, method), **headers)

    if method == PaymentMethod.CARD:
        assert response.status_code == 409
        answer = response.json()
        assert answer["status"] == "changed" and CHANGED in answer["message"]
        assert answer["redirect"] == "/checkout/review/"
    else:
        assert response.status_code == 302 and response.url == "/checkout/review/"
    review = client.get("/checkout/review/").content.decode()
    assert CHANGED in review
    assert re.search(r'data-testid="quote-total">([^<]+)<', review).group(1) == euros(new_total)
    assert euros(new_total) in re.search(r'<button type="submit" class="btn btn-pay"[^>]*>([^<]+)<', review).group(1)
    assert fingerprint_in(review) != fingerprint_in(page)
    # Nothing was placed, charged or reserved.
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert no_gateway == []
    shop.refresh_from_db()
    assert shop.stock == 5
    assert CartLine.objects.exists()  # the cart is still there


@pytest.mark.parametrize("method", METHODS)
def test_the_new_review_page_pays_the_new_total(client, shop, method, monkeypatch):
    """After the refusal, the pay button of the new review page goes through at the total it shows."""
    page, token = walk_to_review(client, shop, method=method)
    new_total = raise_the_price(shop) + (COD_FEE if method == PaymentMethod.CASH_ON_DELIVERY else 0)
    client.post("/checkout/pay/", pay_data(page, token, method))
    review = client.get("/checkout/review/").content.decode()

    def stripe_down(**kwargs):
        raise gateway.GatewayUnavailable("no Stripe in this test: only the placed order's total matters")

    monkeypatch.setattr(gateway, "intent_create", stripe_down)
    monkeypatch.setattr(gateway, "sepa_payment_method_create", stripe_down)
    client.post("/checkout/pay/", pay_data(review, token, method))
    order = Order.objects.get()
    assert order.total_amount == new_total  # placed at the total the second page showed


@pytest.mark.parametrize("fingerprint", ["", "0" * 64, "not-a-hash"])
def test_a_missing_or_forged_fingerprint_places_nothing(client, shop, fingerprint):
    page, token = walk_to_review(client, shop, method=PaymentMethod.BANK_TRANSFER)
    response = client.post("/checkout/pay/", {**pay_form(page, token), "quote_fingerprint": fingerprint})
    assert response.status_code == 302 and response.url == "/checkout/review/"
    assert not Order.objects.exists()
    shop.refresh_from_db()
    assert shop.stock == 5


def test_the_fingerprint_covers_every_priced_part_of_the_quote(shop):
    """One function, over the quote object: each part the shopper sees changes it."""
    from checkout.config import checkout_config

    option = checkout_config().options_to("NL")[0]

    def quote(quantity=1, price=2500, method=PaymentMethod.CARD, delivery=option):
        shop.price_amount = price
        cart = CartSummary(cart=None, items=[CartItem(product=shop, quantity=quantity)], currency="EUR")
        return cart_quote(cart=cart, country="NL", delivery_option=delivery, payment_method=method)

    base = quote().fingerprint
    assert quote().fingerprint == base  # stable
    other_option = checkout_config().options_to("NL")[1]
    variants = [
        quote(quantity=2),
        quote(price=2501),
        quote(method=PaymentMethod.CASH_ON_DELIVERY),  # a fee
        quote(delivery=other_option),
    ]
    assert len({base, *(variant.fingerprint for variant in variants)}) == 1 + len(variants)


@pytest.mark.localstripe
def test_another_tab_cannot_pay_an_order_placed_at_a_different_total(client, shop, localstripe):
    """Tab A shows 29.95. Tab B (same session) doubles the quantity, reviews 54.95 and pays; the card is
    declined, so the 54.95 order stays open. Tab A's button, still saying 29.95, must not charge that order."""
    page_a, token = walk_to_review(client, shop)
    add_a_line_quantity(shop)
    page_b = client.get("/checkout/review/").content.decode()
    assert client.session["checkout"]["token"] == token  # one checkout in the session, as in a real browser
    declined_card = card_token(localstripe, CARD_DECLINE)
    declined = client.post("/checkout/pay/", {**pay_form(page_b, token), "payment_method_id": declined_card}, **JSON)
    assert declined.status_code == 402
    order = Order.objects.get()
    assert order.total_amount == 5495
    attempts = Payment.objects.filter(order=order).count()

    response = client.post(
        "/checkout/pay/", {**pay_form(page_a, token), "payment_method_id": card_token(localstripe, "4242424242424242")},
        **JSON,
    )
    assert response.status_code == 409 and response.json()["status"] == "changed"
    assert Payment.objects.filter(order=order).count() == attempts  # no new PaymentIntent
    order.refresh_from_db()
    assert order.status != "paid"
