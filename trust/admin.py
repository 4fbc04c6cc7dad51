from django.contrib import admin

from trust.models import TrustSettings


@admin.register(TrustSettings)
class TrustSettingsAdmin(admin.ModelAdmin):
    list_display = ["promised_delivery_days", "on_time_min_percent", "sca_min_percent",
                    "verified_reviews_min_percent"]

    def has_add_permission(self, request):
        return not TrustSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
