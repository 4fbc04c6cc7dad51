from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = _("Trust centre")

    def ready(self) -> None:
        from trust import page_cache

        page_cache.register()  # the badges' part of cached anonymous pages (core/page_cache.py)
