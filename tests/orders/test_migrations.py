"""Moving orders from payments to orders and the fee table to checkout (issue 15) keeps every row and link.

The database is migrated back to before the move (payments owns orders), filled through the historical models
the way a live shop's database looks, then migrated forward again.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from checkout.models import PaymentMethodFee
from fraud.models import RiskAssessment
from orders.models import DeliveryOption, Order, OrderLine, OrderStatusChange
from payments.models import Payment, Refund

BEFORE_THE_MOVE = [("orders", None), ("checkout", None)]  # unapplies the move and everything that depends on it
OLD_STATE = [
    ("payments", "0009_order_policy_versions_moved"), ("fraud", "0003_riskassessment_method"),
    ("returns", "0005_returnsterms_policy_version_moved"), ("reviews", "0004_product_ratings"),
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("contenttypes", "0002_remove_content_type_name"), ("auth", "0012_alter_user_first_name_max_length"),
]  # fmt: skip


def _old_world() -> dict:
    """Migrate back and write, with the models as they were, what a running shop has."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    executor.loader.build_graph()
    old = executor.loader.project_state(OLD_STATE).apps
    content_types = old.get_model("contenttypes", "ContentType")
    order_type = content_types.objects.get(app_label="payments", model="order")
    fee_type = content_types.objects.get(app_label="payments", model="paymentmethodfee")
    permission = old.get_model("auth", "Permission").objects.get(content_type=order_type, codename="change_order")
    group = old.get_model("auth", "Group").objects.create(name="order handlers")
    group.permissions.add(permission)
    user = old.get_model("auth", "User").objects.create(username="handler", email="handler@example.com")

    zone = old.get_model("payments", "DeliveryZone").objects.create(name="Benelux", countries="NL,BE")
    option = old.get_model("payments", "DeliveryOption").objects.create(
        zone=zone, name="PostNL", price_amount=495, min_days=1, max_days=2
    )
    fee = old.get_model("payments", "PaymentMethodFee").objects.create(
        method="bank_transfer", settle_time="1 day", refund_route="transfer", refund_time="1 day", protection="-"
    )
    order = old.get_model("payments", "Order").objects.create(
        number="TM-MOVE-2",
        email="ada@example.com",
        full_name="Ada",
        address_line1="Keizersgracht 1",
        postal_code="1015 CJ",
        city="Amsterdam",
        country="NL",
        payment_method="card",
        delivery_option=option,
        total_amount=2495,
        user=user,
    )
    line = old.get_model("payments", "OrderLine").objects.create(
        order=order, sku="MUG-1", name="Mug", unit_price_amount=2000, quantity=1
    )
    old.get_model("payments", "OrderStatusChange").objects.create(order=order, to_status="placed", cause="Order placed")
    payment = old.get_model("payments", "Payment").objects.create(
        order=order, method="card", state="succeeded", amount=2495, currency="EUR"
    )
    refund = old.get_model("payments", "Refund").objects.create(
        order=order, payment=payment, amount=500, currency="EUR", reason="Chipped"
    )
    assessment = old.get_model("fraud", "RiskAssessment").objects.create(order=order, payment=payment, score=10)
    old.get_model("admin", "LogEntry").objects.create(
        user=user, content_type=order_type, object_id=str(order.pk), object_repr="TM-MOVE-2", action_flag=2
    )
    return {
        "order": order.pk,
        "line": line.pk,
        "option": option.pk,
        "fee": fee.pk,
        "payment": payment.pk,
        "refund": refund.pk,
        "assessment": assessment.pk,
        "order_type": order_type.pk,
        "fee_type": fee_type.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_orders_payments_and_what_points_at_them():
    before = _old_world()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    order = Order.objects.get(pk=before["order"])
    assert (order.number, order.total_amount, order.user.username) == ("TM-MOVE-2", 2495, "handler")
    assert order.delivery_option == DeliveryOption.objects.get(pk=before["option"])
    assert OrderLine.objects.get(pk=before["line"]).order == order
    assert OrderStatusChange.objects.get(order=order).cause == "Order placed"
    assert Payment.objects.get(pk=before["payment"]).order == order
    assert Refund.objects.get(pk=before["refund"]).order == order
    assert RiskAssessment.objects.get(pk=before["assessment"]).order == order
    assert PaymentMethodFee.objects.get(pk=before["fee"]).method == "bank_transfer"

    # The same content type rows, now labelled orders / checkout: permissions and the admin's history follow.
    assert ContentType.objects.get_for_model(Order).pk == before["order_type"]
    assert ContentType.objects.get_for_model(PaymentMethodFee).pk == before["fee_type"]
    assert not ContentType.objects.filter(app_label="payments", model__in=["order", "paymentmethodfee"]).exists()
    assert Group.objects.get(name="order handlers").permissions.get().content_type.app_label == "orders"
    assert LogEntry.objects.get().get_edited_object() == order
    # No table was renamed.
    tables = {connection.introspection.identifier_converter(name) for name in connection.introspection.table_names()}
    assert {"payments_order", "payments_orderline", "payments_paymentmethodfee"} <= tables
