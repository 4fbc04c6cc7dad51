"""The order's payment status follows every saved payment attempt and refund (``order_payment_status_refresh``),
whoever saved it: the lifecycle events, seed data, the tests' factories."""

from __future__ import annotations

from django.db.models.signals import post_save

from payments.models import Payment, Refund
from payments.services.events import order_payment_status_refresh


def payment_status_follow(sender, instance: Payment | Refund, **kwargs) -> None:
    order_payment_status_refresh(order_id=instance.order_id)


for _model in (Payment, Refund):
    post_save.connect(payment_status_follow, sender=_model, dispatch_uid=f"payments.status.{_model.__name__}")
