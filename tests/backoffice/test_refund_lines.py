"""Refund by lines: the amount comes from the chosen lines, quantities and delivery; never more than is still
refundable per line; the restock is per line; the shopper's order page and email list the same lines."""

from __future__ import annotations

import pytest
from django.core import mail

from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money
from orders.access import order_signed_path
from orders.models import PaymentMethod
from orders.states import PaymentStatus
from payments.models import Refund, RefundState
from payments.selectors import order_refundable_lines, refund_destination
from payments.services import RefundWanted, order_refund_lines, order_refund_quote
from tests.returns.conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    """Oak board €25.00 × 2, Jar €10.00 × 1, Cloth €4.00 × 3, delivery €4.95; paid by bank transfer, delivered."""
    return make_order(lines=[(2500, 2), (1000, 1), (400, 3)], delivery=495)


def _lines(order):
    return list(order.lines.order_by("pk"))


def test_refund_two_of_three_lines_with_delivery_restocks_only_what_was_ticked(
    order, client, django_capture_on_commit_callbacks
):
    board, jar, cloth = _lines(order)
    board_stock, jar_stock = board.product.stock, jar.product.stock
    wanted = [
        RefundWanted(order_line_id=board.pk, quantity=1, restock=True),
        RefundWanted(order_line_id=jar.pk, quantity=1, restock=False),
        RefundWanted(order_line_id=None),
    ]
    assert order_refund_quote(order=order, wanted=wanted).amount == Money(2500 + 1000 + 495, "EUR")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refund = order_refund_lines(order=order, wanted=wanted, reason="Damaged in transit", actor=None)
    assert refund.state == RefundState.SUCCEEDED and refund.amount == 3995
    board.product.refresh_from_db()
    jar.product.refresh_from_db()
    assert board.product.stock == board_stock + 1  # ticked: back on sale
    assert jar.product.stock == jar_stock  # not ticked: stays out (e.g. broken)
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    # The shopper's page and email list the same lines and amounts.
    page = client.get(order_signed_path(order=order)).content.decode()
    email = mail.outbox[-1].body
    def eur(cents: int) -> str:
        return format_money(Money(cents, "EUR"))

    for text in (f"1 × {board.name}: {eur(2500)}", f"1 × {jar.name}: {eur(1000)}", f"Delivery: {eur(495)}"):
        assert text in page.replace("&#x27;", "'"), text
        assert text in email, text
    assert f"× {cloth.name}:" not in email


def test_never_more_than_is_still_refundable_per_line_and_delivery_once(order):
    board, _jar, cloth = _lines(order)
    wanted = [RefundWanted(order_line_id=board.pk, quantity=2), RefundWanted(order_line_id=None)]
    order_refund_lines(order=order, wanted=wanted, reason="Wrong colour", actor=None)
    lines, delivery_open = order_refundable_lines(order=order)
    assert [entry.refundable_quantity for entry in lines] == [0, 1, 3] and not delivery_open
    with pytest.raises(ApplicationError, match="At most 0"):
        order_refund_quote(order=order, wanted=[RefundWanted(order_line_id=board.pk, quantity=1)])
    with pytest.raises(ApplicationError, match="delivery cost was already refunded"):
        order_refund_quote(order=order, wanted=[RefundWanted(order_line_id=None)])
    with pytest.raises(ApplicationError, match="At most 3"):
        order_refund_quote(order=order, wanted=[RefundWanted(order_line_id=cloth.pk, quantity=4)])
    rest = order_refund_quote(order=order, wanted=[RefundWanted(order_line_id=cloth.pk, quantity=3)])
    assert rest.amount.amount == 1200


def test_a_failed_refund_does_not_use_up_the_lines(order):
    board, *_rest = _lines(order)
    refund = order_refund_lines(order=order, wanted=[RefundWanted(order_line_id=board.pk, quantity=2)], reason="x",
                                actor=None)  # fmt: skip
    Refund.objects.filter(pk=refund.pk).update(state=RefundState.FAILED)
    lines, _delivery = order_refundable_lines(order=order)
    assert lines[0].refundable_quantity == 2


@pytest.mark.parametrize("wanted", [[], "zero", "foreign"])
def test_an_empty_or_foreign_refund_is_refused(order, wanted):
    if wanted == "zero":
        wanted = [RefundWanted(order_line_id=_lines(order)[0].pk, quantity=0)]
    elif wanted == "foreign":
        other = make_order()
        wanted = [RefundWanted(order_line_id=other.lines.first().pk, quantity=1)]
    with pytest.raises(ApplicationError):
        order_refund_lines(order=order, wanted=wanted, reason="x", actor=None)
    assert not Refund.objects.filter(order=order).exists()


def test_destination_of_an_offline_payment_says_the_merchant_transfers_it(order):
    assert order.payment_method == PaymentMethod.BANK_TRANSFER
    assert refund_destination(order=order) == "the shopper, paid out by you (Bank transfer)"
