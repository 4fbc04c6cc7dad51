from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Orders and payments")

    def ready(self) -> None:
        from accounts.hooks import account_orders_register, personal_data_register
        from payments import page_cache, receivers  # noqa: F401

        page_cache.register()  # the delivery panel's part of cached anonymous pages (core/page_cache.py)
        from payments.account import ACCOUNT_ORDERS, ORDERS_PERSONAL_DATA

        # The account area (a lower layer) shows the shopper's orders through these (accounts/hooks.py).
        account_orders_register(ACCOUNT_ORDERS)
        personal_data_register(ORDERS_PERSONAL_DATA)
