"""The cached checkout configuration is dropped whenever a zone, option or fee is saved or deleted."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from checkout.config import checkout_config_changed
from checkout.models import PaymentMethodFee
from orders.models import DeliveryOption, DeliveryZone

for _model in (DeliveryZone, DeliveryOption, PaymentMethodFee):
    for _signal in (post_save, post_delete):
        _signal.connect(checkout_config_changed, sender=_model, dispatch_uid=f"payments.config.{_model.__name__}")
