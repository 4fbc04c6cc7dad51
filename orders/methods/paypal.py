"""PayPal through Stripe: the shopper signs in at PayPal and approves, then comes back."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from orders.methods.spec import Flow, MethodSpec

SPEC = MethodSpec(
    code="paypal",
    brand="PayPal",
    flow=Flow.REDIRECT,
    gateway="stripe",
    currencies=frozenset({"EUR", "PLN", "GBP", "CHF"}),
    countries=None,
    surcharge_allowed=True,
    surcharge_law=_(
        "A fee is allowed up to what PayPal charges the shop (Consumer Rights Directive art. 19): "
        "PayPal is e-money, not covered by PSD2 art. 62(4)."
    ),
    protection=_("PayPal Buyer Protection (claim within 180 days)"),
    refund_route=_("Back to your PayPal account"),
    refund_time=_("Same day to your PayPal balance"),
    settle_time=_("Instant"),
    typical_cost_fixed=10,
    typical_cost_percent=Decimal("2.90"),
)
