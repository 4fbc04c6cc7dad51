"""The price history (read-only) and the product admin's price field, which saves through the history.

Prices sit above shop: this app takes over shop's registered product admin (``PricedProductAdmin``) rather than
shop importing prices (docs/architecture.md).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money
from core.money import Money
from prices.models import CurrencyRate, PriceChange
from prices.services import product_price_set
from shop.admin import ProductAdmin
from shop.models import Product


@admin.register(PriceChange)
class PriceChangeAdmin(admin.ModelAdmin):
    """Read-only: prices change through the product's admin form (``product_price_set``)."""

    list_display = ["product", "price_display", "valid_from", "created_by"]
    list_filter = ["currency"]
    search_fields = ["product__name", "product__sku"]
    list_select_related = ["product", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("price"), ordering="amount")
    def price_display(self, obj: PriceChange) -> str:
        return format_money(Money(obj.amount, obj.currency))


class PricedProductAdmin(ProductAdmin):
    def save_model(self, request, obj: Product, form, change: bool) -> None:
        """The price goes through ``product_price_set`` (the immutable price history), never straight in."""
        new_price = obj.price
        if change:
            saved = Product.objects.only("price_amount", "currency").get(pk=obj.pk)
            obj.price_amount, obj.currency = saved.price_amount, saved.currency
        super().save_model(request, obj, form, change)
        product_price_set(product=obj, price=new_price, actor=request.user)


admin.site.unregister(Product)
admin.site.register(Product, PricedProductAdmin)


@admin.register(CurrencyRate)
class CurrencyRateAdmin(admin.ModelAdmin):
    """The merchant's rates: saving one re-prices that currency (``prices.receivers``) and appends the converted
    prices to its own price history; the rate, date, source and rounding rule are public on /payment-methods/."""

    list_display = ["currency", "rate", "rounding", "rate_date", "source", "active"]
    list_filter = ["active"]
    fieldsets = [
        (None, {"fields": ["currency", "rate", "rounding", "rate_date", "source", "active"]}),
        (_("Bank transfers in this currency"), {"fields": ["bank_account_name", "bank_iban", "bank_bic"]}),
    ]
