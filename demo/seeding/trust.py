"""Demo promises for the trust centre (the returns window matches the demo returns policy's 30 days)."""

from trust.models import TrustSettings


def seed_trust() -> TrustSettings:
    row = TrustSettings.objects.order_by("pk").first()
    if row is None:
        row = TrustSettings.objects.create(returns_window_days=30, promised_delivery_days=5)
    return row
