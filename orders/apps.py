from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from accounts.hooks import account_orders_register, personal_data_register
        from orders import receivers  # noqa: F401
        from orders.account import ACCOUNT_ORDERS, ORDERS_PERSONAL_DATA

        # The account area (a lower layer) shows the shopper's orders through these (accounts/hooks.py).
        account_orders_register(ACCOUNT_ORDERS)
        personal_data_register(ORDERS_PERSONAL_DATA)
