from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns, withdrawals and complaints")

    def ready(self) -> None:
        from policies.facts import policy_fact_register
        from policies.services import policy_published_hook
        from returns.policy_facts import RETURNS_FACTS
        from returns.services import returns_terms_carry_over

        # Policies (a lower layer) show the returns facts and carry the terms over through these hooks.
        for fact in RETURNS_FACTS:
            policy_fact_register(fact)
        policy_published_hook(returns_terms_carry_over)
