"""SEPA, bank transfer, cash on delivery, refunds, reconciliation and expiry (real localstripe where it can)."""

from __future__ import annotations

import datetime
import time

import pytest
import requests
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from checkout.models import PaymentMethodFee
from checkout.pricing import checkout_quote
from checkout.selectors import fee_table_rows
from checkout.services import payment_card_start
from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money
from orders.models import PaymentMethod
from orders.services import order_ship
from orders.states import OrderStatus, PaymentStatus
from payments import gateway
from payments.models import Payment, PaymentState, Refund, RefundState
from payments.services import (
    bank_transfer_mark_received,
    order_cancel,
    order_mark_delivered,
    order_refund,
    orders_expire_unpaid,
    payment_sepa_start,
    payment_settle,
    payments_reconcile,
)
from tests.payments.conftest import CARD_3DS, CARD_OK, authenticate, card_token, place

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

IBAN_OK = "DE89370400440532013000"
IBAN_FAILS = "DE62370400440532013001"  # localstripe: processing, then fails


def wait_until(predicate, timeout=8.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


# --- SEPA --------------------------------------------------------------------------------------------------


def test_sepa_settles(shop, localstripe):
    order = place(shop, method=PaymentMethod.SEPA_DEBIT)
    outcome = payment_sepa_start(order=order, iban=IBAN_OK, account_holder="Bea Buyer")
    order.refresh_from_db()
    assert outcome.status == PaymentState.SUCCEEDED
    assert order.status == OrderStatus.PAID
    assert order.payment_fee_amount == 0  # no surcharge on SEPA


def test_sepa_processing_then_failed_cancels_order_and_releases_stock(shop, localstripe):
    order = place(shop, method=PaymentMethod.SEPA_DEBIT)
    outcome = payment_sepa_start(order=order, iban=IBAN_FAILS, account_holder="Bea Buyer")
    order.refresh_from_db()
    assert outcome.status == PaymentState.PROCESSING
    assert order.status == OrderStatus.AWAITING_PAYMENT  # pending, not paid
    shop.refresh_from_db()
    assert shop.stock == 4

    assert wait_until(
        lambda: (
            gateway.intent_retrieve(intent_id=outcome.payment.stripe_payment_intent_id).status
            == "requires_payment_method"
        )
    )
    payments_reconcile()
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert shop.stock == 5


def test_bad_iban_is_a_field_message_and_takes_no_stock(shop, localstripe):
    order = place(shop, method=PaymentMethod.SEPA_DEBIT)
    with pytest.raises(ApplicationError) as exc:
        payment_sepa_start(order=order, iban="not an iban", account_holder="Bea")
    assert exc.value.field == "iban"


# --- Bank transfer and cash on delivery --------------------------------------------------------------------


def test_bank_transfer_waits_for_the_merchant_and_expires_releasing_stock(shop, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    # The items are held for the stated window (settings.OFFLINE_HOLD_HOURS), not for days on end.
    held_for = order.expires_at - order.placed_at
    assert abs(held_for - datetime.timedelta(hours=settings.OFFLINE_HOLD_HOURS)) < datetime.timedelta(minutes=1)
    instructions = mail.outbox[-1]
    assert "IBAN" in instructions.body and order.number in instructions.body  # reference = order number

    shop.refresh_from_db()
    assert shop.stock == 4
    assert orders_expire_unpaid(now=timezone.now()) == 0
    assert orders_expire_unpaid(now=order.expires_at + datetime.timedelta(minutes=1)) == 1
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert shop.stock == 5
    assert "expired" in order.status_changes.last().cause_text


def test_bank_transfer_marked_received_is_paid(shop):
    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    bank_transfer_mark_received(order=order, actor=None)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    with pytest.raises(ApplicationError):
        bank_transfer_mark_received(order=order, actor=None)


def test_cash_on_delivery_has_its_fee_ships_unpaid_and_is_paid_on_delivery(shop):
    order = place(shop, method=PaymentMethod.CASH_ON_DELIVERY)
    assert order.payment_fee_amount == 250
    assert order.total_amount == 2500 + 495 + 250
    order_ship(order=order, tracking_number="3S123", actor=None)
    order_mark_delivered(order=order, actor=None)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert Payment.objects.get(order=order).state == PaymentState.SUCCEEDED


# --- Fees: the table, the checkout total and the charged amount agree ----------------------------------------


# The methods every country has (NL here); the bank methods, each in its own country and every currency, are in
# tests/methods/test_currency.py.
@pytest.mark.parametrize("method", ["card", "sepa_debit", "bank_transfer", "cash_on_delivery"])
def test_fee_table_checkout_and_charge_agree_for_every_method(shop, localstripe, client, method):
    example, rows = fee_table_rows()
    row = next(r for r in rows if r.fee.method == method)
    quote = checkout_quote(items_total=example, country="NL", delivery_option=None, payment_method=method)
    assert row.shopper_fee_example == quote.payment_fee

    page = client.get("/payment-methods/").content.decode()
    from core.formatting import format_money

    assert format_money(row.shopper_fee_example) in page

    order = place(shop, quantity=4, method=method)  # 4 x 25.00 = the example's 100.00 of items
    delivery = Money(order.delivery_amount, "EUR")
    expected = checkout_quote(
        items_total=Money(10000, "EUR"), country="NL", delivery_option=order.delivery_option, payment_method=method
    )
    assert order.total_amount == expected.total.amount
    assert order.payment_fee_amount == (expected.payment_fee.amount)
    assert expected.total == Money(10000, "EUR") + delivery + expected.payment_fee
    if method == PaymentMethod.CARD:
        payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
        intent = gateway.intent_retrieve(intent_id=Payment.objects.get(order=order).stripe_payment_intent_id)
        assert intent.amount == order.total_amount
    if method in (PaymentMethod.CARD, PaymentMethod.SEPA_DEBIT):
        assert order.payment_fee_amount == 0


def test_admin_validation_refuses_illegal_fees(db):
    card = PaymentMethodFee(
        method=PaymentMethod.CARD,
        shopper_fee_fixed=50,
        settle_time="x",
        refund_route="x",
        refund_time="x",
        protection="x",
    )
    with pytest.raises(ValidationError, match="PSD2"):
        card.full_clean()
    cod = PaymentMethodFee(
        method=PaymentMethod.CASH_ON_DELIVERY,
        shopper_fee_fixed=500,
        merchant_cost_fixed=300,
        settle_time="x",
        refund_route="x",
        refund_time="x",
        protection="x",
    )
    with pytest.raises(ValidationError, match="art. 19"):
        cod.full_clean()
    cod.shopper_fee_fixed = 300
    cod.full_clean()


def test_admin_form_refuses_a_card_surcharge(merchant_client, shop):
    fee = PaymentMethodFee.objects.get(method=PaymentMethod.CARD)
    response = merchant_client.post(
        f"/admin/checkout/paymentmethodfee/{fee.pk}/change/",
        {
            "method": "card",
            "active": "on",
            "position": 1,
            "shopper_fee_fixed": "0,99",  # money, comma or dot
            "shopper_fee_percent": "0",
            "merchant_cost_fixed": "0.25",
            "merchant_cost_percent": "1.5",
            "settle_time": "x",
            "refund_route": "x",
            "refund_time": "x",
            "protection": "x",
        },
    )
    assert response.status_code == 200  # form re-shown with the error
    assert "PSD2" in response.content.decode()
    fee.refresh_from_db()
    assert fee.shopper_fee_fixed == 0


# --- Refunds -----------------------------------------------------------------------------------------------


def paid_card_order(shop, localstripe):
    order = place(shop, quantity=2)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def stripe_refunded(localstripe, order) -> int:
    intent_id = Payment.objects.get(order=order).stripe_payment_intent_id
    data = requests.get(f"{localstripe}/v1/payment_intents/{intent_id}", auth=("sk_test_suite", ""), timeout=5).json()
    charges = data.get("charges", {}).get("data") or [data.get("latest_charge")]
    return sum(int(c.get("amount_refunded", 0)) for c in charges if c)


def test_partial_then_full_refund_through_stripe(shop, localstripe, django_capture_on_commit_callbacks):
    order = paid_card_order(shop, localstripe)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, amount=Money(1000, "EUR"), reason="Late delivery", restock=False, actor=None)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)
    refund = Refund.objects.get(order=order)
    assert refund.stripe_refund_id.startswith("re_") and refund.state == RefundState.SUCCEEDED
    assert any("Refunded" in m.body or "refund" in m.body.lower() for m in mail.outbox)

    rest = Money(order.total_amount - 1000, "EUR")
    order_refund(order=order, amount=rest, reason="Returned", restock=True, actor=None)
    order.refresh_from_db()
    shop.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.PAID, PaymentStatus.REFUNDED)
    assert shop.stock == 5  # merchant chose to restock
    assert stripe_refunded(localstripe, order) == order.total_amount
    # Refunds are not moves of the order: its timeline ends where it was (paid).
    assert [c.to_status for c in order.status_changes.all()][-1] == "paid"


def test_over_refund_is_refused_even_though_localstripe_would_accept_it(shop, localstripe):
    order = paid_card_order(shop, localstripe)
    order_refund(order=order, amount=Money(300, "EUR"), reason="Goodwill", restock=False, actor=None)
    with pytest.raises(ApplicationError, match="At most"):
        order_refund(order=order, amount=Money(order.total_amount, "EUR"), reason="Oops", restock=False, actor=None)
    assert Refund.objects.filter(order=order).count() == 1
    assert stripe_refunded(localstripe, order) == 300


def test_offline_refund_is_recorded_without_stripe(shop):
    order = place(shop, method=PaymentMethod.BANK_TRANSFER)
    bank_transfer_mark_received(order=order, actor=None)
    refund = order_refund(
        order=order, amount=Money(order.total_amount, "EUR"), reason="Cancelled", restock=True, actor=None
    )
    assert refund.stripe_refund_id is None and refund.state == RefundState.SUCCEEDED
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED


def test_admin_refund_by_lines_confirms_the_amount_and_the_card_first(merchant_client, shop, localstripe):
    order = paid_card_order(shop, localstripe)
    line = order.lines.first()
    url = f"/admin/orders/order/{order.pk}/refund/"
    assert merchant_client.get(url).status_code == 200
    response = merchant_client.post(url, {f"line_{line.pk}": line.quantity + 1, "code": "goodwill"})
    assert "can still be refunded" in response.content.decode()  # never more than was ordered
    no_code = merchant_client.post(url, {f"line_{line.pk}": 1, "code": "because"}).content.decode()
    assert "Select a valid choice" in no_code and not Refund.objects.exists()  # a reason code is required
    form = {f"line_{line.pk}": 1, f"restock_{line.pk}": "on", "code": "complaint_upheld", "reason": "Scratch"}
    review = merchant_client.post(url, form).content.decode()
    amount = format_money(line.unit_price)
    assert f"Refund {amount} to Visa ending 4242" in review  # the amount and where it goes, before sending
    assert "Complaint accepted — Scratch" in review
    assert not Refund.objects.exists()
    response = merchant_client.post(url, {**form, "confirm": "yes"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    refund = Refund.objects.get()
    assert refund.amount == line.unit_price_amount and (refund.code, refund.reason) == ("complaint_upheld", "Scratch")
    assert [(r.order_line_id, r.quantity, r.restock) for r in refund.lines.all()] == [(line.pk, 1, True)]


def test_shopper_without_admin_rights_cannot_refund(client, shop, localstripe, django_user_model):
    order = paid_card_order(shop, localstripe)
    user = django_user_model.objects.create_user("shopper-x", "x@example.com", "pw-long-enough-1")
    client.force_login(user)
    line = order.lines.first()
    response = client.post(
        f"/admin/orders/order/{order.pk}/refund/", {f"line_{line.pk}": 1, "code": "goodwill", "confirm": "yes"}
    )
    assert response.status_code in (302, 403)
    assert not Refund.objects.exists()


# --- Reconciliation and held payments ---------------------------------------------------------------------


def test_reconciliation_settles_after_a_lost_webhook(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
    # No webhook arrives and the shopper closed the tab: only reconciliation can notice.
    call_command("reconcile_payments")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_requires_capture_is_held_for_review_and_captured_server_side(shop, localstripe, monkeypatch):
    """localstripe cannot make Radar hold a payment: the gateway's intent creation is patched to ask for manual
    capture, which gives the same ``requires_capture`` state Stripe shows for a payment held for review."""
    real_create = gateway.intent_create
    monkeypatch.setattr(gateway, "intent_create", lambda **kw: real_create(**{**kw, "manual_capture": True}))
    order = place(shop)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    assert payment.state == PaymentState.REQUIRES_CAPTURE
    assert order.status == OrderStatus.HELD_FOR_REVIEW

    from payments.services import payment_capture

    payment_capture(payment=payment, actor=None)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_held_payment_cancelled_releases_stock(shop, localstripe, monkeypatch):
    real_create = gateway.intent_create
    monkeypatch.setattr(gateway, "intent_create", lambda **kw: real_create(**{**kw, "manual_capture": True}))
    order = place(shop)
    payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    from payments.services import payment_cancel_held

    payment_cancel_held(payment=Payment.objects.get(order=order), actor=None)
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert shop.stock == 5


def test_processing_card_payment_is_pending(shop, localstripe, monkeypatch):
    """localstripe never leaves a card payment in ``processing``: the re-read is patched to say so."""
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    real = gateway.intent_retrieve
    monkeypatch.setattr(
        gateway, "intent_retrieve", lambda **kw: gateway.IntentResult(**{**real(**kw).__dict__, "status": "processing"})
    )
    payment = payment_settle(payment=outcome.payment, via="card")
    order.refresh_from_db()
    assert payment.state == PaymentState.PROCESSING
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_cancelled_unpaid_card_order_cancels_the_intent_and_releases_stock(shop, localstripe):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_3DS))
    order_cancel(order=order, cause="Shopper asked", actor=None)
    order.refresh_from_db()
    shop.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert shop.stock == 5
    assert gateway.intent_retrieve(intent_id=outcome.payment.stripe_payment_intent_id).status == "canceled"


def test_expire_command_runs(shop):
    call_command("expire_unpaid_orders")
