"""iDEAL, Bancontact, Przelewy24 and PayPal through Stripe's redirect flow, against localstripe and its test double:
success, failure at the bank, abandonment, the return page, late and lost webhooks, replay, refund."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from checkout.config import checkout_config_changed
from checkout.models import PaymentMethodFee
from core.money import Money
from orders.access import order_signed_path
from orders.models import PaymentMethod
from orders.states import OrderStatus, PaymentStatus
from payments.models import Payment, PaymentState, RefundState, WebhookEvent
from payments.services import order_refund, payment_bank_start, payment_settle, payments_reconcile
from tests.methods.conftest import RETURN_URL, bank_page, place_with
from tests.methods.helpers import checkout_to_review
from tests.payments.conftest import intent_event, signed_event

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

REDIRECT_METHODS = [
    (PaymentMethod.IDEAL, "NL"),
    (PaymentMethod.BANCONTACT, "BE"),
    (PaymentMethod.P24, "PL"),
    (PaymentMethod.PAYPAL, "NL"),
]


def bank_link(response) -> str:
    found = re.search(r'data-testid="bank-link"', response.content.decode())
    assert found, response.content.decode()[:500]
    return (
        re.search(r'href="([^"]+)" data-testid="bank-link"', response.content.decode()).group(1).replace("&amp;", "&")
    )


def start(order):
    return payment_bank_start(order=order, return_url=RETURN_URL + "?key=abc")


def post_event(client, payload):
    body, signature = signed_event(payload)
    return client.post("/webhooks/stripe/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


@pytest.mark.parametrize(("method", "country"), REDIRECT_METHODS)
def test_authorised_at_the_bank_the_order_is_paid(shop, localstripe, method, country):
    order = place_with(shop, method=method, country=country)
    outcome = start(order)
    assert outcome.status == PaymentState.REQUIRES_ACTION
    assert outcome.redirect_url.startswith(localstripe + "/pm-redirects/authorize/")
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    back = bank_page(outcome.redirect_url, "authorize")
    # Back to our return URL, with Stripe's query parameters added to ours.
    assert back.startswith(RETURN_URL + "?key=abc&")
    query = parse_qs(urlsplit(back).query)
    assert query["payment_intent"] == [outcome.payment.stripe_payment_intent_id]
    assert query["redirect_status"] == ["succeeded"]
    assert query["payment_intent_client_secret"][0].startswith(outcome.payment.stripe_payment_intent_id)
    payment = payment_settle(payment=outcome.payment, via="payment_return")
    order.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert order.status == OrderStatus.PAID
    assert order.payment_status == PaymentStatus.PAID


@pytest.mark.parametrize(("method", "country"), REDIRECT_METHODS)
def test_failed_at_the_bank_the_order_stays_open_and_a_retry_pays(client, shop, localstripe, method, country):
    order = place_with(shop, method=method, country=country)
    first = start(order)
    back = bank_page(first.redirect_url, "fail")
    assert parse_qs(urlsplit(back).query)["redirect_status"] == ["failed"]
    # The shopper's browser comes back to our return page: it re-reads the PaymentIntent and says what happened.
    response = client.get(
        f"/orders/{order.number}/payment-return/?key={order_signed_path(order=order).split('?key=')[1]}",
        follow=True,
    )
    page = response.content.decode()
    assert "not completed at your bank" in page
    assert "nothing was taken" in page
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert not order.stock_reserved and shop.stock == 5  # released until the next attempt
    assert Payment.objects.get(pk=first.payment.pk).state == PaymentState.FAILED
    # Pay again with the same method: a new PaymentIntent, authorised this time.
    second = start(order)
    assert second.payment.pk != first.payment.pk
    bank_page(second.redirect_url, "authorize")
    payment_settle(payment=second.payment, via="payment_return")
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert shop.stock == 4


def test_the_return_page_never_trusts_the_query_string(client, shop, localstripe):
    order = place_with(shop, method=PaymentMethod.IDEAL)
    outcome = start(order)
    key = order_signed_path(order=order).split("?key=")[1]
    fake = f"&payment_intent={outcome.payment.stripe_payment_intent_id}&redirect_status=succeeded"
    response = client.get(f"/orders/{order.number}/payment-return/?key={key}{fake}", follow=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert "has not confirmed the payment yet" in response.content.decode()


def test_abandoned_at_the_bank_the_order_page_says_so_and_offers_both_ways_on(client, shop, localstripe):
    order = place_with(shop, method=PaymentMethod.IDEAL)
    first = start(order)  # the shopper closes the bank's page: no button pressed
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "You did not finish paying with iDEAL" in page
    assert "nothing has been taken" in page
    assert 'data-testid="bank-retry"' in page and "with iDEAL" in page
    assert 'data-testid="change-method"' in page
    assert 'value="card"' in page and 'value="paypal"' in page
    assert 'value="blik"' not in page  # not for the Netherlands, nor in euro
    # Pay again: the abandoned PaymentIntent is cancelled at Stripe first, then a new one goes to the bank.
    key = order_signed_path(order=order).split("?key=")[1]
    response = client.post(f"/orders/{order.number}/pay/?key={key}")
    assert response.status_code == 200
    assert "/pm-redirects/authorize/" in bank_link(response)
    assert Payment.objects.get(pk=first.payment.pk).state == PaymentState.CANCELED
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT  # superseded, not cancelled


def test_choosing_another_method_after_abandoning_reprices_and_switches(client, shop, localstripe):
    PaymentMethodFee.objects.filter(method=PaymentMethod.PAYPAL).update(shopper_fee_fixed=10)
    checkout_config_changed()
    order = place_with(shop, method=PaymentMethod.IDEAL)
    total_before = order.total_amount
    start(order)
    key = order_signed_path(order=order).split("?key=")[1]
    response = client.post(
        f"/orders/{order.number}/payment-method/?key={key}", {"payment_method": "paypal"}, follow=True
    )
    assert "Payment method changed" in response.content.decode()
    order.refresh_from_db()
    assert order.payment_method == PaymentMethod.PAYPAL
    assert order.total_amount == total_before + 10
    assert order.payments.get().state == PaymentState.CANCELED
    # A method not offered for this order is refused and nothing changes.
    client.post(f"/orders/{order.number}/payment-method/?key={key}", {"payment_method": "blik"})
    order.refresh_from_db()
    assert order.payment_method == PaymentMethod.PAYPAL


def test_webhook_settles_before_the_return_and_a_late_replay_changes_nothing(client, shop, localstripe):
    order = place_with(shop, method=PaymentMethod.IDEAL)
    outcome = start(order)
    bank_page(outcome.redirect_url, "authorize")
    payload = intent_event("evt_ideal_ok", "payment_intent.succeeded", outcome.payment.stripe_payment_intent_id)
    assert post_event(client, payload).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    # The shopper's return and a replay of the same event arrive late: nothing moves twice.
    key = order_signed_path(order=order).split("?key=")[1]
    client.get(f"/orders/{order.number}/payment-return/?key={key}")
    assert post_event(client, payload).status_code == 200
    assert WebhookEvent.objects.filter(stripe_event_id="evt_ideal_ok").count() == 1
    assert order.status_changes.filter(to_status=OrderStatus.PAID).count() == 1
    shop.refresh_from_db()
    assert shop.stock == 4


def test_late_failure_webhook_after_the_return_never_unpays(client, shop, localstripe):
    order = place_with(shop, method=PaymentMethod.BANCONTACT, country="BE")
    outcome = start(order)
    bank_page(outcome.redirect_url, "authorize")
    payment_settle(payment=outcome.payment, via="payment_return")
    stale = intent_event("evt_bc_stale", "payment_intent.payment_failed", outcome.payment.stripe_payment_intent_id)
    assert post_event(client, stale).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_lost_webhook_and_closed_browser_reconciliation_settles(shop, localstripe):
    order = place_with(shop, method=PaymentMethod.P24, country="PL")
    outcome = start(order)
    bank_page(outcome.redirect_url, "authorize")  # then the browser is closed; the webhook never arrives
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    counts = payments_reconcile()
    order.refresh_from_db()
    assert counts["changed"] >= 1
    assert order.status == OrderStatus.PAID


@pytest.mark.parametrize(("method", "country"), REDIRECT_METHODS)
def test_refund_goes_back_through_stripe(shop, localstripe, settings, method, country):
    order = place_with(shop, method=method, country=country)
    outcome = start(order)
    bank_page(outcome.redirect_url, "authorize")
    payment_settle(payment=outcome.payment, via="payment_return")
    order.refresh_from_db()
    refund = order_refund(order=order, amount=Money(1000, order.currency), reason="Damaged", restock=False, actor=None)
    assert refund.state == RefundState.SUCCEEDED
    assert refund.stripe_refund_id.startswith("re_")
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    stripe_charge = requests.get(
        f"{localstripe}/v1/payment_intents/{outcome.payment.stripe_payment_intent_id}",
        headers={"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"},
        timeout=10,
    ).json()["latest_charge"]
    assert stripe_charge["amount_refunded"] == 1000


def test_checkout_pay_button_sends_the_browser_to_the_bank(client, shop, localstripe):
    """The review page's plain form: placing the order answers with a redirect to the bank's page."""
    review = checkout_to_review(client, shop, country="NL", method="ideal")
    assert "Pay €" in review["page"] and "with iDEAL" in review["page"]
    response = client.post("/checkout/pay/", review["form"])
    assert response.status_code == 200  # a page that goes on to the bank (CSP form-action stops a redirect)
    url = bank_link(response)
    assert url.startswith(localstripe + "/pm-redirects/authorize/")
    assert f'content="0;url={url}"' in response.content.decode().replace("&amp;", "&")
    back = bank_page(url, "authorize")
    assert "/payment-return/?key=" in back
    final = client.get(back.replace("http://testserver", ""), follow=True)
    assert "Your payment was received" in final.content.decode()
