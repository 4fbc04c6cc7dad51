"""Card (Visa, Mastercard, ...) with 3-D Secure, through Stripe."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="card",
    brand="Card",
    flow=Flow.CARD,
    gateway="stripe",
    currencies=frozenset({"EUR", "PLN", "GBP", "CHF"}),
    countries=None,
    surcharge_allowed=False,
    surcharge_law=_(
        "No surcharge: PSD2 art. 62(4) bans fees on consumer card payments whose interchange fees the EU caps (IFR)."
    ),
    protection=_("Card chargeback through your bank (up to 120 days); 3-D Secure confirms it is you"),
    refund_route=_("Back to the same card"),
    refund_time=_("5-10 business days"),
    settle_time=_("Instant (2 business days to the shop)"),
    typical_cost_fixed=25,
    typical_cost_percent=Decimal("1.50"),
)
