"""Demo promises for the trust centre (the returns window comes from the returns terms, not from here)."""

from trust.models import TrustSettings


def seed_trust() -> TrustSettings:
    row = TrustSettings.objects.order_by("pk").first()
    if row is None:
        row = TrustSettings.objects.create(promised_delivery_days=5)
    return row
