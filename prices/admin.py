from django.contrib import admin

from prices.models import PriceChange


@admin.register(PriceChange)
class PriceChangeAdmin(admin.ModelAdmin):
    """Read-only: prices change through the product's admin form (``product_price_set``)."""

    list_display = ["product", "amount", "currency", "valid_from", "created_by"]
    list_filter = ["currency"]
    search_fields = ["product__name", "product__sku"]
    list_select_related = ["product", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
