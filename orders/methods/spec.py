"""The shape of one payment method's entry in the registry (``orders.methods``).

Pure data: no database, no Stripe. Texts are lazy translations, rendered in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


class Flow:
    """How the shopper pays with a method: what the checkout and the order page do for it."""

    CARD = "card"  # card form (Stripe.js), 3-D Secure challenge when the bank asks
    REDIRECT = "redirect"  # to the bank's (or PayPal's) page and back (Stripe's next_action.redirect_to_url)
    CODE_APP = "code_app"  # a 6-digit code typed on our page, then approved in the bank app (BLIK)
    DIRECT_DEBIT = "direct_debit"  # an IBAN and a mandate; the money arrives days later
    OFFLINE = "offline"  # no gateway: the shopper transfers, or pays the courier


@dataclass(frozen=True)
class MethodSpec:
    code: str  # ``orders.models.PaymentMethod`` value; for Stripe methods also the PaymentMethod type
    brand: str  # the name shown as text (a brand is not translated: "iDEAL", "BLIK")
    flow: str
    gateway: str  # "stripe" or "offline"
    currencies: frozenset[str]  # ISO 4217 codes the method can be charged in
    countries: frozenset[str] | None  # delivery countries it is offered for; None: every country
    # Surcharge rules: may the merchant add a fee for this method, and why (shown in the admin and the fee page).
    surcharge_allowed: bool
    surcharge_law: str
    protection: str
    refund_route: str
    refund_time: str
    settle_time: str
    # What the method typically costs the shop (Stripe's list prices for EU businesses, the seed's defaults;
    # the merchant's real figures are ``checkout.PaymentMethodFee`` rows).
    typical_cost_fixed: int = 0  # minor units of the shop's base currency
    typical_cost_percent: Decimal = Decimal("0")
    # The money arrives days after the order is placed (holds stock unpaid; counted by the unpaid-orders limit).
    delayed: bool = False
    # Seconds the shopper has to approve in their bank app (code + app methods).
    approval_seconds: int = 0

    @property
    def online(self) -> bool:
        return self.gateway == "stripe"

    def serves(self, *, country: str, currency: str) -> bool:
        """Offered for a parcel to ``country`` paid in ``currency``."""
        if currency not in self.currencies:
            return False
        return self.countries is None or not country or country in self.countries
