from django.contrib import admin

from core.translations import TranslatedTabularInline
from orders.models import DeliveryOption, DeliveryZone


class DeliveryOptionInline(TranslatedTabularInline):
    model = DeliveryOption
    extra = 1
    fields = [
        "name",
        "price_amount",
        "currency",
        "min_days",
        "max_days",
        "cutoff_time",
        "cutoff_timezone",
        "tracking_url_template",
        "active",
        "position",
    ]


@admin.register(DeliveryZone)
class DeliveryZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "countries", "is_eu", "customs_treatment", "duty_percent", "import_vat_percent"]
    inlines = [DeliveryOptionInline]
