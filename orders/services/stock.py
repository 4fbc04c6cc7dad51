"""Stock held by orders: reserved at placement, released exactly once, returned items put back line by line."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from orders.models import (
    Order,
)
from shop.models import Product
from shop.services import catalogue_changed


def _lines_quantities(order: Order) -> list[tuple[int, int, str]]:
    return [(line.product_id, line.quantity, line.name) for line in order.lines.all() if line.product_id]


@transaction.atomic
def stock_reserve(*, order: Order) -> None:
    """Take the order's quantities out of stock, all or nothing: ``UPDATE ... WHERE stock >= q`` per line."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.stock_reserved:
        return
    for product_id, quantity, name in _lines_quantities(locked):
        updated = Product.objects.filter(pk=product_id, stock__gte=quantity, is_active=True).update(
            stock=F("stock") - quantity
        )
        if not updated:
            # The atomic block rolls back the lines already reserved.
            raise ApplicationError(
                _("Sorry, %(name)s sold out while you were checking out. You were not charged.") % {"name": name}
            )
    locked.lines.update(restocked_quantity=0)
    catalogue_changed()  # the ``.update()`` calls above send no signal; listings show stock
    locked.stock_reserved = True
    locked.save(update_fields=["stock_reserved", "updated_at"])
    order.stock_reserved = True


@transaction.atomic
def stock_release(*, order: Order) -> bool:
    """Put the order's quantities back, exactly once (the flag flips under the order's row lock).

    Quantities already put back line by line (returned items, see ``stock_return_lines``) are not added twice.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not locked.stock_reserved:
        return False
    for line in locked.lines.filter(product__isnull=False):
        remaining = line.quantity - line.restocked_quantity
        if remaining > 0:
            Product.objects.filter(pk=line.product_id).update(stock=F("stock") + remaining)
    locked.lines.update(restocked_quantity=F("quantity"))
    catalogue_changed()
    locked.stock_reserved = False
    locked.save(update_fields=["stock_reserved", "updated_at"])
    order.stock_reserved = False
    return True


@transaction.atomic
def stock_return_lines(*, order: Order, quantities: dict[int, int]) -> None:
    """Put returned items back in stock: ``quantities`` maps order-line id to how many came back.

    Each line's count is capped at what is still out of stock for it, so a later full restock (a refund with
    "restock" ticked, or a cancellation) never puts the same items back twice.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not locked.stock_reserved:
        return
    for line in locked.lines.select_for_update().filter(pk__in=quantities, product__isnull=False):
        count = min(quantities[line.pk], line.quantity - line.restocked_quantity)
        if count > 0:
            Product.objects.filter(pk=line.product_id).update(stock=F("stock") + count)
            line.restocked_quantity += count
            line.save(update_fields=["restocked_quantity"])
    catalogue_changed()
