"""The shopper's orders in the account area: its order pages, "Download my data" and account deletion.

accounts sits below payments (docs/architecture.md) and imports nothing from it: ``PaymentsConfig.ready()``
registers these with accounts' hooks (accounts/hooks.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from accounts.hooks import AccountOrders, PersonalData
from orders.models import Order
from orders.states import OrderStatus

DELETED_PLACEHOLDER = "deleted"


def account_order_list(*, user: AbstractBaseUser) -> QuerySet[Order]:
    return Order.objects.filter(user=user).prefetch_related("lines").order_by("-placed_at")


def account_order_get(*, user: AbstractBaseUser, number: str) -> Order | None:
    return Order.objects.filter(user=user, number=number).prefetch_related("lines", "status_changes").first()


def account_order_public_url(*, order: Order) -> str:
    return order.get_absolute_url()


def account_orders_export(*, user: AbstractBaseUser) -> list[dict[str, Any]]:
    """Every order of the shopper with its address, amounts, lines and timeline."""
    return [
        {
            "number": order.number,
            "status": order.status,
            "placed_at": order.placed_at.isoformat(),
            "email": order.email,
            "delivery_address": {
                "full_name": order.full_name,
                "line1": order.address_line1,
                "line2": order.address_line2,
                "postal_code": order.postal_code,
                "city": order.city,
                "country": order.country,
                "phone": order.phone,
            },
            "payment_method": order.payment_method,
            "currency": order.currency,
            "amounts_minor_units": {
                "items": order.items_amount,
                "delivery": order.delivery_amount,
                "payment_fee": order.payment_fee_amount,
                "duties": order.duties_amount,
                "total": order.total_amount,
            },
            "lines": [
                {
                    "sku": line.sku,
                    "name": line.name,
                    "unit_price_minor_units": line.unit_price_amount,
                    "quantity": line.quantity,
                }
                for line in order.lines.all()
            ],
            "timeline": [
                {
                    "at": change.created_at.isoformat(),
                    "from": change.from_status,
                    "to": change.to_status,
                    "cause": change.cause_text,
                }
                for change in order.status_changes.all()
            ],
        }
        for order in account_order_list(user=user).prefetch_related("status_changes")
    ]


def account_orders_detach(*, user: AbstractBaseUser) -> None:
    """Before the account is deleted: orders are bookkeeping records the shop must keep (tax law), so they are
    detached from the account, not deleted; orders that were never paid carry no such duty and lose their name,
    address and phone. Runs in the deletion's transaction."""
    orders = Order.objects.select_for_update().filter(user=user)
    orders.filter(status=OrderStatus.CANCELLED).update(
        full_name=DELETED_PLACEHOLDER,
        address_line1=DELETED_PLACEHOLDER,
        address_line2="",
        postal_code="",
        city=DELETED_PLACEHOLDER,
        phone="",
        email=f"{DELETED_PLACEHOLDER}@invalid.example",
    )
    orders.update(user=None)


ACCOUNT_ORDERS = AccountOrders(
    for_user=account_order_list, get_for_user=account_order_get, public_url=account_order_public_url
)
ORDERS_PERSONAL_DATA = PersonalData(
    key="orders", export=account_orders_export, before_account_delete=account_orders_detach
)
