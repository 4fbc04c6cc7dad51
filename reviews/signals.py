"""Listen for deliveries: when an order reaches "delivered", queue the review request email."""

from __future__ import annotations

from payments.states import OrderStatus


def on_order_status_changed(sender, *, order, from_status, to_status, **kwargs) -> None:
    """Connected in ``ReviewsConfig.ready``; the signal is sent after the transition commits."""
    if to_status != OrderStatus.DELIVERED:
        return
    from reviews.tasks import send_review_request  # noqa: PLC0415

    send_review_request.enqueue(order.pk)
