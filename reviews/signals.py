"""Listen for deliveries (queue the review request email) and for review changes (product cards show ratings)."""

from __future__ import annotations

from payments.states import OrderStatus
from shop.services import catalogue_changed


def on_order_status_changed(sender, *, order, from_status, to_status, **kwargs) -> None:
    """Connected in ``ReviewsConfig.ready``; the signal is sent after the transition commits."""
    if to_status != OrderStatus.DELIVERED:
        return
    from reviews.tasks import send_review_request  # noqa: PLC0415

    send_review_request.enqueue(order.pk)


def on_review_changed(sender, **kwargs) -> None:
    """Connected in ``ReviewsConfig.ready``: a published, hidden or deleted review moves a product's rating."""
    catalogue_changed()
