from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = _("Shop")

    def ready(self) -> None:
        from shop import page_cache, signals  # noqa: F401  (connects the cart merge at login)

        page_cache.register()  # the catalogue's part of cached anonymous pages (core/page_cache.py)
