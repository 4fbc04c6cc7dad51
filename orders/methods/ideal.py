"""iDEAL (the Netherlands): the shopper approves in their own bank's app or site, through Stripe."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="ideal",
    brand="iDEAL",
    flow=Flow.REDIRECT,
    gateway="stripe",
    currencies=frozenset({"EUR"}),
    countries=frozenset({"NL"}),
    surcharge_allowed=False,
    surcharge_law=_("No surcharge: an iDEAL payment is a SEPA credit transfer, and PSD2 art. 62(4) bans fees on it."),
    protection=_(
        "Authorised in your own bank app; no chargeback, but our returns policy and the EU withdrawal right apply"
    ),
    refund_route=_("Back to the bank account you paid from (a SEPA transfer)"),
    refund_time=_("1-3 business days"),
    settle_time=_("Instant"),
    typical_cost_fixed=29,
    typical_cost_percent=Decimal("0"),
)
