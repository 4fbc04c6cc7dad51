from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from checkout.models import PaymentMethodFee
from core.formatting import format_money
from core.money import Money
from core.money_input import MoneyInputsMixin


@admin.register(PaymentMethodFee)
class PaymentMethodFeeAdmin(MoneyInputsMixin, admin.ModelAdmin):
    """``PaymentMethodFee.clean()`` refuses fees that break PSD2 art. 62(4) or CRD art. 19. Fixed amounts are typed
    and shown as money ("0.50" or "0,50")."""

    money_fields = ("shopper_fee_fixed", "merchant_cost_fixed")
    list_display = [
        "method",
        "active",
        "shopper_fee_fixed_display",
        "shopper_fee_percent",
        "merchant_cost_fixed_display",
        "merchant_cost_percent",
        "position",
    ]
    list_editable = ["active", "position"]

    @admin.display(description=_("shopper fee, fixed"), ordering="shopper_fee_fixed")
    def shopper_fee_fixed_display(self, obj: PaymentMethodFee) -> str:
        return format_money(Money(obj.shopper_fee_fixed, settings.SHOP_CURRENCY))

    @admin.display(description=_("merchant cost, fixed"), ordering="merchant_cost_fixed")
    def merchant_cost_fixed_display(self, obj: PaymentMethodFee) -> str:
        return format_money(Money(obj.merchant_cost_fixed, settings.SHOP_CURRENCY))
