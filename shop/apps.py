from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = _("Shop")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from shop import page_cache, signals  # noqa: F401  (connects the cart merge at login)
        from shop.search import sqlite_fold_register

        page_cache.register()  # the catalogue's part of cached anonymous pages (core/page_cache.py)
        # Search folds accents the same on SQLite as on PostgreSQL (``shop.search.fold``).
        connection_created.connect(sqlite_fold_register, dispatch_uid="shop.search.fold")
