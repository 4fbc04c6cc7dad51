from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PricesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prices"
    verbose_name = _("Price history")

    def ready(self) -> None:
        from prices import page_cache

        page_cache.register()  # the prior price's part of cached anonymous pages (core/page_cache.py)
