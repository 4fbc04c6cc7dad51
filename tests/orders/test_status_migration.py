"""orders 0003 (issue 15): an order "partially refunded" or "refunded" under the old single status goes back to
where its timeline had it, and its refunds show in the payment status."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from orders.models import Order
from orders.states import FulfilmentStatus, OrderStatus, PaymentStatus

BEFORE = [("orders", "0002_content_types"), ("payments", "0010_orders_and_fees_moved_out")]


def _order(old, number: str, status: str, path: list[str], paid: int, refunded: int):
    order = old.get_model("orders", "Order").objects.create(
        number=number, email="ada@example.com", full_name="Ada", address_line1="Keizersgracht 1",
        postal_code="1015 CJ", city="Amsterdam", country="NL", payment_method="card", total_amount=paid or 1000,
        status=status,
    )  # fmt: skip
    previous = ""
    for step in path:
        old.get_model("orders", "OrderStatusChange").objects.create(
            order=order, from_status=previous, to_status=step, cause=f"to {step}"
        )
        previous = step
    if paid:
        payment = old.get_model("payments", "Payment").objects.create(
            order=order, method="card", state="succeeded", amount=paid, currency="EUR"
        )
        if refunded:
            old.get_model("payments", "Refund").objects.create(
                order=order, payment=payment, amount=refunded, currency="EUR", reason="x"
            )
    return order.pk


@pytest.mark.django_db(transaction=True)
def test_old_refund_statuses_map_to_where_the_order_was_and_to_its_payment_status():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    old = executor.loader.project_state(BEFORE).apps
    shipped_part = _order(old, "TM-MIG-1", "partially_refunded", ["placed", "paid", "shipped", "partially_refunded"],
                          2000, 500)  # fmt: skip
    paid_full = _order(old, "TM-MIG-2", "refunded", ["placed", "paid", "refunded"], 2000, 2000)
    delivered = _order(old, "TM-MIG-3", "delivered", ["placed", "paid", "shipped", "delivered"], 2000, 0)
    unpaid = _order(old, "TM-MIG-4", "awaiting_payment", ["placed", "awaiting_payment"], 0, 0)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    def state(pk):
        order = Order.objects.get(pk=pk)
        return order.status, order.payment_status, order.fulfilment_status

    assert state(shipped_part) == (OrderStatus.SHIPPED, PaymentStatus.PARTIALLY_REFUNDED, FulfilmentStatus.SHIPPED)
    assert state(paid_full) == (OrderStatus.PAID, PaymentStatus.REFUNDED, FulfilmentStatus.UNFULFILLED)
    assert state(delivered) == (OrderStatus.DELIVERED, PaymentStatus.PAID, FulfilmentStatus.DELIVERED)
    assert state(unpaid) == (OrderStatus.AWAITING_PAYMENT, PaymentStatus.UNPAID, FulfilmentStatus.UNFULFILLED)
    refund_row = Order.objects.get(pk=shipped_part).status_changes.get(event="refund")
    assert (refund_row.from_status, refund_row.to_status, refund_row.cause_text) == (
        "shipped",
        "shipped",
        "to partially_refunded",
    )
    assert Order.objects.get(pk=delivered).delivered_at is not None
