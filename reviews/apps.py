from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from payments.signals import order_status_changed
        from reviews.signals import on_order_status_changed

        order_status_changed.connect(on_order_status_changed, dispatch_uid="reviews.request_after_delivery")
