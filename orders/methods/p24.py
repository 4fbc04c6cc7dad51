"""Przelewy24 (Poland): the shopper picks their bank and approves there, through Stripe."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="p24",
    brand="Przelewy24",
    flow=Flow.REDIRECT,
    gateway="stripe",
    currencies=frozenset({"EUR", "PLN"}),
    countries=frozenset({"PL"}),
    surcharge_allowed=False,
    surcharge_law=_(
        "No surcharge: Przelewy24 pays by bank transfer; PSD2 art. 62(4) bans fees on SEPA transfers in "
        "euro and the shop charges none in złoty either."
    ),
    protection=_(
        "Authorised in your own bank; no chargeback, but our returns policy and the EU withdrawal right apply"
    ),
    refund_route=_("Back to the bank account you paid from"),
    refund_time=_("1-3 business days"),
    settle_time=_("Instant"),
    typical_cost_fixed=0,
    typical_cost_percent=Decimal("2.20"),
)
