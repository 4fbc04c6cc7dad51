"""Listen for deliveries (queue the review request email) and for review changes (the product's stored rating)."""

from __future__ import annotations

from orders.states import OrderStatus
from reviews.services import product_rating_refresh
from reviews.tasks import send_review_request


def on_order_status_changed(sender, *, order, from_status, to_status, **kwargs) -> None:
    """Connected in ``ReviewsConfig.ready``; the signal is sent after the transition commits."""
    if to_status != OrderStatus.DELIVERED:
        return
    send_review_request.enqueue(order.pk)


def on_review_changed(sender, *, instance, **kwargs) -> None:
    """Connected in ``ReviewsConfig.ready``: a published, hidden, edited or deleted review moves the rating."""
    product_rating_refresh(product_id=instance.product_id)
