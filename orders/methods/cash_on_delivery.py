"""Cash on delivery: the courier collects; the merchant records it when delivered."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="cash_on_delivery",
    brand="Cash on delivery",
    flow=Flow.OFFLINE,
    gateway="offline",
    currencies=frozenset({"EUR"}),
    countries=frozenset({"NL"}),
    surcharge_allowed=True,
    surcharge_law=_(
        "A fee is allowed up to what the courier charges the shop (Consumer Rights Directive art. 19); "
        "PSD2 does not cover cash."
    ),
    protection=_("You see the parcel before you pay; no protection from a bank"),
    refund_route=_("Bank transfer to an account you give us"),
    refund_time=_("1-3 business days after we receive the return"),
    settle_time=_("Paid to the courier at the door"),
    typical_cost_fixed=350,
    typical_cost_percent=Decimal("0"),
    delayed=True,
)
