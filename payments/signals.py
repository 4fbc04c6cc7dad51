from django.dispatch import Signal

# Sent inside the settling transaction when Stripe reports a risk level for an attempt that succeeded or is held:
# kwargs payment, risk_level. The fraud screening (a higher layer) records it (fraud/apps.py).
payment_risk_reported = Signal()
