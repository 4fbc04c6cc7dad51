"""The checkout as a shopper (or an attacker) drives it over HTTP."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from checkout.selectors import CHECKOUT_SESSION_KEY
from orders.access import order_key_valid, order_signed_path
from orders.factories import OrderFactory
from orders.models import Order, PaymentMethod
from orders.states import OrderStatus
from payments.models import Payment, WebhookEvent
from policies.factories import PolicyFactory, PolicyVersionFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY
from tests.payments.conftest import CARD_3DS, CARD_DECLINE, CARD_OK, authenticate, card_token

pytestmark = [pytest.mark.django_db]
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def policies(db):
    terms = PolicyVersionFactory(policy=PolicyFactory(kind="terms"), number=3)
    returns = PolicyVersionFactory(policy=PolicyFactory(kind="returns"), number=2)
    return terms, returns


def assert_signed_link_to(url: str, order: Order) -> None:
    """The order page's path with a key that opens this order and no other.

    The key is signed with a timestamp, so it is checked by unsigning, not compared with one made a second later.
    """
    path, _sep, query = url.partition("?")
    assert path == reverse("orders:order_detail", kwargs={"number": order.number})
    key = parse_qs(query)["key"][0]
    assert order_key_valid(order=order, key=key)
    assert not order_key_valid(order=OrderFactory.build(number="TM-NOT-THIS-ONE"), key=key)


def fill_cart(client, product, quantity=1):
    cart = Cart.objects.create(guest_token="guest-cart-token-for-tests")
    CartLine.objects.create(cart=cart, product=product, quantity=quantity)
    session = client.session
    session[CART_SESSION_KEY] = cart.guest_token
    session.save()
    return cart


def fingerprint_in(page: str) -> str:
    """The quote fingerprint the review page's pay form carries (what the shopper saw); empty if it has none."""
    found = re.search(r'name="quote_fingerprint" value="([0-9a-f]{64})"', page)
    return found.group(1) if found else ""


def pay_form(page: str, token: str) -> dict:
    """What the review page's pay form posts when both policies are ticked."""
    fingerprint = fingerprint_in(page)
    return {"checkout_token": token, "quote_fingerprint": fingerprint, "accept_terms": "on", "accept_returns": "on"}


def walk_to_review(client, product, method=PaymentMethod.CARD, country="NL", quantity=1):
    fill_cart(client, product, quantity)
    response = client.post(
        "/checkout/address/",
        {
            "email": "guest@example.com",
            "full_name": "Gus Guest",
            "address_line1": "Damrak 1",
            "postal_code": "1012",
            "city": "Amsterdam",
            "country": country,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get("/checkout/delivery/").content.decode()
    option_id = re.search(r'name="delivery_option" id="delivery-(\d+)"', page).group(1)
    assert client.post("/checkout/delivery/", {"delivery_option": option_id}).status_code == 302
    assert client.post("/checkout/payment-method/", {"payment_method": method}).status_code == 302
    review = client.get("/checkout/review/")
    assert review.status_code == 200
    token = client.session[CHECKOUT_SESSION_KEY]["token"]
    return review.content.decode(), token


def test_review_shows_steps_full_total_pay_amount_3ds_notice_and_unticked_policies(client, shop, policies):
    page, _token = walk_to_review(client, shop, quantity=2)
    assert 'aria-current="step"' in page and "Review and pay" in page
    assert "€54.95" in page  # 2 x 25.00 + 4.95 delivery + 0.00 card fee
    assert "Pay €54.95" in page
    assert "Your bank may ask you to confirm this payment" in page
    assert re.search(r'<input type="checkbox" name="accept_terms"[^>]*required>', page)
    assert "checked" not in re.search(r'<input type="checkbox" name="accept_terms"[^>]*>', page).group(0)
    assert "/policies/terms/v3/" in page and "/policies/returns/v2/" in page


def test_checkout_page_loads_stripe_js_only_from_the_configured_origin(client, shop):
    page, _token = walk_to_review(client, shop)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    # Stripe.js, the live chat window (next to the payment step, docs/chat.md) and the checkout's own script.
    assert scripts == [settings.STRIPE_JS_URL, "/static/js/chat.js", "/static/js/checkout.js"]
    assert "<script>" not in page and " style=" not in page
    # No card field of ours (PCI SAQ A): only Stripe's element container.
    assert not re.search(r'name="(card|cardnumber|card_number|cvc|exp[_a-z]*)"', page)
    csp = client.get("/checkout/review/").headers["Content-Security-Policy"]
    stripe_origin = re.match(r"https?://[^/]+", settings.STRIPE_JS_URL).group(0)
    script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
    assert script_src == ["'self'", stripe_origin]
    assert re.search(r"frame-src ([^;]+)", csp).group(1).split() == [stripe_origin]
    assert "connect-src 'self' " + re.match(r"https?://[^/]+", settings.STRIPE_API_BASE).group(0) in csp


def test_other_checkout_pages_load_no_stripe(client, shop):
    walk_to_review(client, shop)
    for url in ("/checkout/address/", "/checkout/delivery/", "/checkout/payment-method/", "/payment-methods/"):
        assert "js.stripe.com" not in client.get(url).content.decode()


def test_bank_transfer_order_records_policy_versions_and_shows_iban_and_reference(client, shop, policies):
    page, token = walk_to_review(client, shop, method=PaymentMethod.BANK_TRANSFER)
    response = client.post("/checkout/pay/", pay_form(page, token))
    order = Order.objects.get()
    assert response.status_code == 302
    assert_signed_link_to(response.url, order)
    assert order.accepted_terms == policies[0] and order.accepted_returns_policy == policies[1]
    page = client.get(response.url).content.decode()
    assert settings.MERCHANT_IBAN in page and order.number in page
    assert "Awaiting payment" in page
    assert not CartLine.objects.exists()  # the cart became the order


def test_policies_must_be_accepted(client, shop):
    page, token = walk_to_review(client, shop, method=PaymentMethod.BANK_TRANSFER)
    response = client.post(
        "/checkout/pay/", {"checkout_token": token, "quote_fingerprint": fingerprint_in(page), "accept_terms": "on"}
    )
    assert response.status_code == 400
    assert "accept" in response.content.decode()
    assert not Order.objects.exists()


def test_tampered_amount_currency_price_and_quantity_are_ignored(client, shop):
    page, token = walk_to_review(client, shop, method=PaymentMethod.CASH_ON_DELIVERY)
    client.post(
        "/checkout/pay/",
        {
            "checkout_token": token,
            "quote_fingerprint": fingerprint_in(page),
            "accept_terms": "on",
            "accept_returns": "on",
            "amount": "1",
            "total": "0.01",
            "currency": "PLN",
            "price": "1",
            "quantity": "50",
            "payment_fee": "0",
            "delivery_option": "999",
        },
    )
    order = Order.objects.get()
    assert order.currency == "EUR"
    assert order.total_amount == 2500 + 495 + 250
    assert order.lines.get().quantity == 1


def test_double_submit_returns_the_first_order(client, shop):
    page, token = walk_to_review(client, shop, method=PaymentMethod.BANK_TRANSFER)
    data = pay_form(page, token)
    first = client.post("/checkout/pay/", data)
    second = client.post("/checkout/pay/", data)
    assert Order.objects.count() == 1
    assert first.status_code == second.status_code == 302
    # Both lead to the one order (keys are timestamp-signed, so compared by unsigning, not as strings).
    order = Order.objects.get()
    assert_signed_link_to(first.url, order)
    assert_signed_link_to(second.url, order)


def test_forged_checkout_token_is_refused(client, shop):
    walk_to_review(client, shop, method=PaymentMethod.BANK_TRANSFER)
    response = client.post("/checkout/pay/", {"checkout_token": "forged", "accept_terms": "on", "accept_returns": "on"})
    assert response.status_code == 409
    assert not Order.objects.exists()


@pytest.mark.localstripe
def test_card_json_flow_success(client, shop, localstripe):
    page, token = walk_to_review(client, shop)
    answer = client.post(
        "/checkout/pay/",
        {
            "checkout_token": token,
            "quote_fingerprint": fingerprint_in(page),
            "accept_terms": "on",
            "accept_returns": "on",
            "payment_method_id": card_token(localstripe, CARD_OK),
        },
        **JSON,
    ).json()
    order = Order.objects.get()
    assert answer.keys() == {"status", "redirect"} and answer["status"] == "succeeded"
    assert_signed_link_to(answer["redirect"], order)
    page = client.get(answer["redirect"]).content.decode()
    assert "Thank you! We received your payment" in page


@pytest.mark.localstripe
def test_card_json_flow_3ds_then_server_re_read(client, shop, localstripe):
    page, token = walk_to_review(client, shop)
    data = {
        "checkout_token": token,
        "quote_fingerprint": fingerprint_in(page),
        "accept_terms": "on",
        "accept_returns": "on",
        "payment_method_id": card_token(localstripe, CARD_3DS),
    }
    answer = client.post("/checkout/pay/", data, **JSON).json()
    assert answer["status"] == "requires_action" and answer["client_secret"]
    order = Order.objects.get()
    # Before the challenge is done, asking the server changes nothing.
    early = client.post(answer["status_url"], **JSON).json()
    assert early["status"] == "requires_action"
    payment = Payment.objects.get(order=order)
    authenticate(localstripe, payment.stripe_payment_intent_id, answer["client_secret"], success=True)
    final = client.post(answer["status_url"], **JSON).json()
    assert final["status"] == "succeeded"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@pytest.mark.localstripe
def test_card_decline_json_gives_safe_message_and_retry_works(client, shop, localstripe):
    page, token = walk_to_review(client, shop)
    base = pay_form(page, token)
    response = client.post(
        "/checkout/pay/", {**base, "payment_method_id": card_token(localstripe, CARD_DECLINE)}, **JSON
    )
    assert response.status_code == 402
    assert "declined" in response.json()["message"]
    shop.refresh_from_db()
    assert shop.stock == 5
    retry = client.post("/checkout/pay/", {**base, "payment_method_id": card_token(localstripe, CARD_OK)}, **JSON)
    assert retry.json()["status"] == "succeeded"
    assert Order.objects.count() == 1


@pytest.mark.localstripe
def test_forged_return_url_grants_nothing(client, shop, localstripe):
    page, token = walk_to_review(client, shop)
    data = {
        "checkout_token": token,
        "quote_fingerprint": fingerprint_in(page),
        "accept_terms": "on",
        "accept_returns": "on",
        "payment_method_id": card_token(localstripe, CARD_3DS),
    }
    client.post("/checkout/pay/", data, **JSON)
    order = Order.objects.get()
    payment = Payment.objects.get(order=order)
    forged = order_signed_path(order=order) + (
        f"&payment_intent={payment.stripe_payment_intent_id}&redirect_status=succeeded&status=succeeded"
    )
    page = client.get(forged).content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert "has not confirmed this payment yet" in page


def test_order_page_access(client, shop, django_user_model):
    from tests.payments.conftest import place

    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    url = f"/orders/{order.number}/"
    assert client.get(url).status_code == 404
    assert client.get(url + "?key=forged").status_code == 404
    other = place(shop, method=PaymentMethod.BANK_TRANSFER)
    other_key = order_signed_path(order=other).split("key=")[1]
    assert client.get(url + "?key=" + other_key).status_code == 404  # a key opens only its own order
    assert client.get(order_signed_path(order=order)).status_code == 200
    owner = django_user_model.objects.create_user("owner", "owner@example.com", "pw-long-enough-1")
    Order.objects.filter(pk=order.pk).update(user=owner)
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "pw-long-enough-1")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert "Order history" in page and "Waiting for your bank transfer" in page


def test_order_numbers_are_not_guessable(shop):
    from tests.payments.conftest import place

    numbers = {place(shop, method=PaymentMethod.BANK_TRANSFER).number for _ in range(3)}
    assert len(numbers) == 3
    assert all(re.fullmatch(r"TM-[2-9A-HJ-NP-Z]{10}", n) for n in numbers)


@pytest.mark.localstripe
def test_no_card_number_reaches_the_database_or_logs(client, shop, localstripe, caplog):
    with caplog.at_level("DEBUG"):
        page, token = walk_to_review(client, shop)
        client.post(
            "/checkout/pay/",
            {
                "checkout_token": token,
                "quote_fingerprint": fingerprint_in(page),
                "accept_terms": "on",
                "accept_returns": "on",
                "payment_method_id": card_token(localstripe, CARD_3DS),
            },
            **JSON,
        )
    from django.db import connection

    dumped = []
    for model in (Order, Payment, WebhookEvent):
        for row in model.objects.values():
            dumped.extend(str(v) for v in row.values())
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        dumped.extend(r[0] for r in cursor.fetchall())
    text = " ".join(dumped) + caplog.text
    # A card number is a token of 13-19 digits on its own; digits inside a hex fingerprint or an idempotency key
    # are not one (those made this test fail about one run in ten).
    assert not re.search(r"(?<![A-Za-z0-9])\d{13,19}(?![A-Za-z0-9])", text)


@pytest.mark.localstripe
def test_changed_cart_after_a_payment_intent_replaces_it(client, shop, localstripe):
    page, token = walk_to_review(client, shop)
    base = pay_form(page, token)
    client.post("/checkout/pay/", {**base, "payment_method_id": card_token(localstripe, CARD_3DS)}, **JSON)
    old = Order.objects.get()
    old_intent = Payment.objects.get(order=old).stripe_payment_intent_id

    # Reloading the review with the (now empty) cart leads to the unpaid order, where a retry is possible.
    response = client.get("/checkout/review/")
    assert response.status_code == 302 and old.number in response.url

    # The shopper builds a different cart: the next review replaces the old order and its PaymentIntent.
    cart = Cart.objects.get()
    CartLine.objects.create(cart=cart, product=shop, quantity=2)
    page = client.get("/checkout/review/").content.decode()
    assert "Pay €54.95" in page
    old.refresh_from_db()
    assert old.status == OrderStatus.CANCELLED
    from payments import gateway

    assert gateway.intent_retrieve(intent_id=old_intent).status == "canceled"
    new_token = client.session[CHECKOUT_SESSION_KEY]["token"]
    assert new_token != token
    answer = client.post(
        "/checkout/pay/",
        {
            **base,
            "checkout_token": new_token,
            "quote_fingerprint": fingerprint_in(page),
            "payment_method_id": card_token(localstripe, CARD_OK),
        },
        **JSON,
    ).json()
    assert answer["status"] == "succeeded"
    new = Order.objects.exclude(pk=old.pk).get()
    assert new.total_amount == 2 * 2500 + 495
    assert gateway.intent_retrieve(intent_id=Payment.objects.get(order=new).stripe_payment_intent_id).amount == 5495
    shop.refresh_from_db()
    assert shop.stock == 3


def test_signed_in_shopper_checks_out_and_sees_order_without_a_key(client, shop, django_user_model):
    user = django_user_model.objects.create_user("signed", "signed@example.com", "pw-long-enough-1")
    client.force_login(user)
    cart = Cart.objects.create(user=user)
    CartLine.objects.create(cart=cart, product=shop, quantity=1)
    client.post(
        "/checkout/address/",
        {
            "email": "signed@example.com",
            "full_name": "Sig Ned",
            "address_line1": "Damrak 1",
            "postal_code": "1012",
            "city": "Amsterdam",
            "country": "NL",
        },
    )
    page = client.get("/checkout/delivery/").content.decode()
    option_id = re.search(r'id="delivery-(\d+)"', page).group(1)
    client.post("/checkout/delivery/", {"delivery_option": option_id})
    client.post("/checkout/payment-method/", {"payment_method": PaymentMethod.BANK_TRANSFER})
    page = client.get("/checkout/review/").content.decode()
    token = client.session[CHECKOUT_SESSION_KEY]["token"]
    client.post("/checkout/pay/", pay_form(page, token))
    order = Order.objects.get()
    assert order.user == user
    assert client.get(f"/orders/{order.number}/").status_code == 200


def test_emails_for_each_transition_carry_a_signed_link_that_opens_the_order(
    client, shop, django_capture_on_commit_callbacks
):
    from django.core import mail

    from orders.services import order_ship
    from payments.services import bank_transfer_mark_received, order_mark_delivered
    from tests.payments.conftest import place

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    with django_capture_on_commit_callbacks(execute=True):
        bank_transfer_mark_received(order=order, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        order_ship(order=order, tracking_number="3SABC", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_delivered(order=order, actor=None)
    ours = [m for m in mail.outbox if m.subject.startswith("Order ")]  # other apps add their own (reviews)
    subjects = [m.subject for m in ours]
    assert subjects == [
        f"Order {order.number}: Awaiting payment",
        f"Order {order.number}: Paid",
        f"Order {order.number}: Shipped",
        f"Order {order.number}: Delivered",
    ]
    assert "3SABC" in ours[2].body
    link = re.search(r"https?://\S+/orders/\S+", ours[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Order history" in page.content.decode()


@pytest.mark.localstripe
def test_sepa_checkout_through_the_form(client, shop, localstripe):
    page, token = walk_to_review(client, shop, method=PaymentMethod.SEPA_DEBIT)
    assert "Pay €29.95 by direct debit" in page and "within 8 weeks" in page  # mandate text
    assert "js.stripe.com" not in page
    response = client.post(
        "/checkout/pay/",
        {
            "checkout_token": token,
            "quote_fingerprint": fingerprint_in(page),
            "accept_terms": "on",
            "accept_returns": "on",
            "iban": "DE89 3704 0044 0532 0130 00",
            "account_holder": "Gus Guest",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302 and order.number in response.url
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.payment_fee_amount == 0


def test_old_order_list_redirects_permanently_to_the_account_order_list(client):
    response = client.get("/orders/")
    assert response.status_code == 301
    assert response.url == "/account/orders/"
    with translation.override("en"):  # the /pl/ request activates Polish: don't leak it into later tests
        assert client.get("/pl/orders/").url == "/pl/account/orders/"


def test_pages_under_localstripe_get_the_csp_built_for_its_origin(client, localstripe):
    """``config.csp.build_csp`` makes the policy for settings and for the fixture: no hand-widened copies."""
    from config.csp import build_csp

    csp = client.get("/").headers["Content-Security-Policy"]
    assert f"script-src 'self' {localstripe};" in csp + ";"
    assert f"frame-src {localstripe};" in csp + ";"
    assert f"connect-src 'self' {localstripe};" in csp + ";"
    real = build_csp(stripe_js_url="https://js.stripe.com/v3/", stripe_api_base="https://api.stripe.com")
    assert real["DIRECTIVES"]["script-src"] == ["'self'", "https://js.stripe.com"]
    assert real["DIRECTIVES"]["frame-src"] == ["https://js.stripe.com"]
    assert real["DIRECTIVES"]["connect-src"] == ["'self'", "https://api.stripe.com"]
