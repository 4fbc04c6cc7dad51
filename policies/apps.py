from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies")

    def ready(self) -> None:
        from policies.facts import facts_on_change
        from policies.services import policy_facts_refresh

        # A commit that changes a fact's data (the owners register the facts and their models) publishes new
        # versions of the policies that show it.
        facts_on_change(policy_facts_refresh)
