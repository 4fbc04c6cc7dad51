from django.contrib import admin

from checkout.models import PaymentMethodFee


@admin.register(PaymentMethodFee)
class PaymentMethodFeeAdmin(admin.ModelAdmin):
    """``PaymentMethodFee.clean()`` refuses fees that break PSD2 art. 62(4) or CRD art. 19."""

    list_display = [
        "method",
        "active",
        "shopper_fee_fixed",
        "shopper_fee_percent",
        "merchant_cost_fixed",
        "merchant_cost_percent",
        "position",
    ]
    list_editable = ["active", "position"]
