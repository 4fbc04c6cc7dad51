from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts.hooks import PersonalData, personal_data_register
        from orders.models import Order, OrderLine, OrderStatusChange
        from orders.signals import order_status_changed
        from reviews import page_cache
        from reviews.models import HelpfulVote, MerchantReply, Review, ReviewReport, ReviewSettings
        from reviews.selectors import review_data_export
        from reviews.signals import on_order_status_changed, on_review_changed

        order_status_changed.connect(on_order_status_changed, dispatch_uid="reviews.request_after_delivery")
        post_save.connect(on_review_changed, sender=Review, dispatch_uid="reviews.rating_on_save")
        post_delete.connect(on_review_changed, sender=Review, dispatch_uid="reviews.rating_on_delete")
        # Cached product pages show the review block: every row it is built from moves the reviews version.
        for model in (Review, MerchantReply, HelpfulVote, ReviewReport, ReviewSettings, Order, OrderLine,
                      OrderStatusChange):
            for signal in (post_save, post_delete):
                signal.connect(page_cache.reviews_changed, sender=model,
                               dispatch_uid=f"reviews.page_cache.{model.__name__}.{signal is post_save}")
        page_cache.register()
        # The shopper's reviews, votes and reports are part of "Download my data" (accounts/hooks.py).
        personal_data_register(PersonalData(key="reviews", export=review_data_export))
