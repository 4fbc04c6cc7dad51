from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fraud"
    verbose_name = _("Fraud screening")

    def ready(self) -> None:
        from fraud.services import assessment_record_stripe_outcome
        from payments.signals import payment_risk_reported

        def record(sender, payment, risk_level: str, **kwargs) -> None:
            assessment_record_stripe_outcome(payment=payment, risk_level=risk_level)

        # Settlement (payments, a lower layer) reports Stripe's risk level; the screening keeps it.
        payment_risk_reported.connect(record, weak=False, dispatch_uid="fraud.stripe_risk_level")
