from django.contrib import admin

from core.money_input import MoneyInputsMixin
from core.translations import TranslatedTabularInline
from orders.models import Carrier, DeliveryOption, DeliveryZone


class DeliveryOptionInline(MoneyInputsMixin, TranslatedTabularInline):
    model = DeliveryOption
    money_fields = ("price_amount",)
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
class DeliveryZoneAdmin(MoneyInputsMixin, admin.ModelAdmin):
    money_fields = ("duty_de_minimis_amount", "vat_de_minimis_amount", "free_delivery_from_amount")
    list_display = ["name", "countries", "is_eu", "customs_treatment", "duty_percent", "import_vat_percent"]
    inlines = [DeliveryOptionInline]


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    """The carriers of the ship form; each tracking link pattern has ``{number}`` where the parcel's number goes."""

    list_display = ["name", "tracking_url_template", "active", "position"]
    list_editable = ["active", "position"]
    search_fields = ["name"]
