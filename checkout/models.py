"""What checkout charges on top of the goods: the merchant's payment-method fees."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models import NO_SURCHARGE_METHODS, PERCENT_VALIDATORS, PaymentMethod


class PaymentMethodFee(models.Model):
    """What a payment method costs the shopper and the merchant, and what the shopper should know about it.

    Merchant-editable data; ``clean()`` enforces the EU rules (PSD2 art. 62(4), CRD art. 19).
    """

    method = models.CharField(_("method"), max_length=32, choices=PaymentMethod.choices, unique=True)
    active = models.BooleanField(_("offered at checkout"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    shopper_fee_fixed = models.PositiveIntegerField(_("shopper fee, fixed (cents)"), default=0)
    shopper_fee_percent = models.DecimalField(
        _("shopper fee, percent"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=PERCENT_VALIDATORS
    )
    merchant_cost_fixed = models.PositiveIntegerField(_("merchant cost, fixed (cents)"), default=0)
    merchant_cost_percent = models.DecimalField(
        _("merchant cost, percent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT_VALIDATORS,
    )
    settle_time = models.CharField(_("time to settle"), max_length=120)
    refund_route = models.CharField(_("how a refund reaches the shopper"), max_length=200)
    refund_time = models.CharField(_("how long a refund takes"), max_length=120)
    protection = models.CharField(_("shopper protection"), max_length=300)

    class Meta:
        db_table = "payments_paymentmethodfee"  # the table kept its name when the model moved (issue 15)
        ordering = ["position", "method"]
        verbose_name = _("payment method fee")
        verbose_name_plural = _("payment method fees")

    def __str__(self) -> str:
        return self.get_method_display()

    def clean(self) -> None:
        errors = {}
        if self.method in NO_SURCHARGE_METHODS and (self.shopper_fee_fixed or self.shopper_fee_percent):
            msg = _("EU law (PSD2 art. 62(4)) forbids a surcharge on consumer card and SEPA payments: it must be 0.")
            if self.shopper_fee_fixed:
                errors["shopper_fee_fixed"] = msg
            if self.shopper_fee_percent:
                errors["shopper_fee_percent"] = msg
        else:
            msg = _("A payment fee may not exceed what the method costs you (Consumer Rights Directive art. 19).")
            if self.shopper_fee_fixed > (self.merchant_cost_fixed or 0):
                errors["shopper_fee_fixed"] = msg
            if (self.shopper_fee_percent or 0) > (self.merchant_cost_percent or 0):
                errors["shopper_fee_percent"] = msg
        if errors:
            raise ValidationError(errors)
