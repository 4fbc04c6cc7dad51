"""BLIK (Poland): a 6-digit code from the bank app typed at checkout, then approved in the app, through Stripe."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="blik",
    brand="BLIK",
    flow=Flow.CODE_APP,
    gateway="stripe",
    currencies=frozenset({"PLN"}),
    countries=frozenset({"PL"}),
    surcharge_allowed=False,
    surcharge_law=_(
        "No surcharge: PSD2 art. 62(5) lets Poland limit fees, and the shop charges none for a payment "
        "from your bank account."
    ),
    protection=_(
        "Approved by you in your bank app; no chargeback, but our returns policy and the EU withdrawal right apply"
    ),
    refund_route=_("Back to the bank account linked to your BLIK"),
    refund_time=_("1-3 business days"),
    settle_time=_("Instant"),
    typical_cost_fixed=0,
    typical_cost_percent=Decimal("1.60"),
    approval_seconds=60,
)
