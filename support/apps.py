from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from policies.facts import policy_fact_register
        from support.policy_facts import SUPPORT_RESPONSE_TIME

        # Policies (a lower layer) show support's promised response time from its settings.
        policy_fact_register(SUPPORT_RESPONSE_TIME)
