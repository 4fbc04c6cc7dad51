from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "checkout"
    verbose_name = _("Checkout")

    def ready(self) -> None:
        from checkout import page_cache, receivers  # noqa: F401
        from checkout.policy_facts import CHECKOUT_FACTS
        from policies.facts import policy_fact_register

        # Policies (a lower layer) show the delivery and payment facts from the rows checkout charges by.
        for fact in CHECKOUT_FACTS:
            policy_fact_register(fact)

        page_cache.register()  # the delivery panel's part of cached anonymous pages (core/page_cache.py)
