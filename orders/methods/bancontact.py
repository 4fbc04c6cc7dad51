"""Bancontact (Belgium): the shopper approves in the Bancontact or bank app, through Stripe."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="bancontact",
    brand="Bancontact",
    flow=Flow.REDIRECT,
    gateway="stripe",
    currencies=frozenset({"EUR"}),
    countries=frozenset({"BE"}),
    surcharge_allowed=False,
    surcharge_law=_(
        "No surcharge: Bancontact is a debit card scheme with interchange fees capped by the IFR, so "
        "PSD2 art. 62(4) bans fees."
    ),
    protection=_(
        "Authorised in your bank app; disputes through your bank. Our returns policy and the EU withdrawal right apply"
    ),
    refund_route=_("Back to the bank account you paid from (a SEPA transfer)"),
    refund_time=_("1-3 business days"),
    settle_time=_("Instant"),
    typical_cost_fixed=35,
    typical_cost_percent=Decimal("1.40"),
)
