"""What checkout charges on top of the goods: the merchant's payment-method fees."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.methods import MethodSpec, method_spec
from orders.models import PERCENT_VALIDATORS, PaymentMethod

REGISTRY_TEXT_HELP = _("Leave empty to show the standard text of the method, in the reader's language.")


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
    settle_time = models.CharField(_("time to settle"), max_length=120, blank=True, help_text=REGISTRY_TEXT_HELP)
    refund_route = models.CharField(
        _("how a refund reaches the shopper"), max_length=200, blank=True, help_text=REGISTRY_TEXT_HELP
    )
    refund_time = models.CharField(
        _("how long a refund takes"), max_length=120, blank=True, help_text=REGISTRY_TEXT_HELP
    )
    protection = models.CharField(_("shopper protection"), max_length=300, blank=True, help_text=REGISTRY_TEXT_HELP)

    class Meta:
        db_table = "payments_paymentmethodfee"  # the table kept its name when the model moved (issue 15)
        ordering = ["position", "method"]
        verbose_name = _("payment method fee")
        verbose_name_plural = _("payment method fees")

    def __str__(self) -> str:
        return self.get_method_display()

    @property
    def spec(self) -> MethodSpec:
        return method_spec(self.method)

    # What the fee table shows: the merchant's own text, else the registry's (translated).
    @property
    def settle_time_text(self) -> str:
        return self.settle_time or str(self.spec.settle_time)

    @property
    def refund_route_text(self) -> str:
        return self.refund_route or str(self.spec.refund_route)

    @property
    def refund_time_text(self) -> str:
        return self.refund_time or str(self.spec.refund_time)

    @property
    def protection_text(self) -> str:
        return self.protection or str(self.spec.protection)

    def clean(self) -> None:
        """The registry's surcharge rule for the method (``surcharge_law`` says which law), then the cap every
        allowed fee has: no more than the method costs the merchant (Consumer Rights Directive art. 19)."""
        errors = {}
        spec = self.spec
        if not spec.surcharge_allowed and (self.shopper_fee_fixed or self.shopper_fee_percent):
            msg = str(spec.surcharge_law)
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
