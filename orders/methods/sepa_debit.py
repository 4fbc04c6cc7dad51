"""SEPA Direct Debit through Stripe: an IBAN and a mandate; the money arrives days later."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="sepa_debit",
    brand="SEPA Direct Debit",
    flow=Flow.DIRECT_DEBIT,
    gateway="stripe",
    currencies=frozenset({"EUR"}),
    countries=None,
    surcharge_allowed=False,
    surcharge_law=_("No surcharge: PSD2 art. 62(4) bans fees on SEPA direct debits (Regulation 260/2012)."),
    protection=_("Unconditional refund from your bank within 8 weeks of the debit (SEPA rules)"),
    refund_route=_("Back to the same bank account"),
    refund_time=_("1-3 business days"),
    settle_time=_("3-5 business days before the order ships"),
    typical_cost_fixed=35,
    typical_cost_percent=Decimal("0.80"),
    delayed=True,
)
