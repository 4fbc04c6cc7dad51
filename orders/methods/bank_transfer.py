"""Bank transfer to the shop's account, recorded by the merchant when the money arrives."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="bank_transfer",
    brand="Bank transfer",
    flow=Flow.OFFLINE,
    gateway="offline",
    currencies=frozenset({"EUR", "PLN"}),
    countries=None,
    surcharge_allowed=False,
    surcharge_law=_(
        "No surcharge: PSD2 art. 62(4) bans fees on SEPA credit transfers; the shop charges none in any currency."
    ),
    protection=_("None from your bank: a transfer cannot be reversed. Our returns policy still applies."),
    refund_route=_("Bank transfer to the account you paid from"),
    refund_time=_("1-3 business days"),
    settle_time=_("1-2 business days after you transfer; checkout tells you until when we hold the items"),
    typical_cost_fixed=0,
    typical_cost_percent=Decimal("0"),
    delayed=True,
)
