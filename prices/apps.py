from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PricesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prices"
    verbose_name = _("Price history")

    def ready(self) -> None:
        from prices import page_cache
        from prices.currency import shopper_price_scale
        from shop.price_filter import price_scale_register

        page_cache.register()  # the prior price's part of cached anonymous pages (core/page_cache.py)
        price_scale_register(shopper_price_scale)  # listing filters take prices in the shopper's currency

        from django.db.models.signals import post_delete, post_save

        from prices import receivers
        from prices.models import CurrencyRate

        post_save.connect(receivers.currency_rate_saved, sender=CurrencyRate, dispatch_uid="currency-rate-saved")
        post_delete.connect(receivers.currency_rate_deleted, sender=CurrencyRate, dispatch_uid="currency-rate-del")
