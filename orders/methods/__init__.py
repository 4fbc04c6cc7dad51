"""The payment-method registry: one module per method (what it serves, its flow, its surcharge rule and legal
reason, the shopper's protection, how and how fast a refund comes back).

The checkout (which methods, in which order), the public fee-and-protection table, the admin's fee rules
(``checkout.PaymentMethodFee.clean``) and the refund path (Stripe or offline) all read it. Adding a method is
one module here, one ``PaymentMethod`` choice, and its place in ``COUNTRY_ORDER``.
"""

from __future__ import annotations

from orders.methods import (
    bancontact,
    bank_transfer,
    blik,
    card,
    cash_on_delivery,
    ideal,
    p24,
    paypal,
    sepa_debit,
)
from orders.methods.spec import Flow, MethodSpec

REGISTRY: dict[str, MethodSpec] = {
    module.SPEC.code: module.SPEC
    for module in (card, ideal, bancontact, p24, blik, paypal, sepa_debit, bank_transfer, cash_on_delivery)
}

# The order shoppers of a country expect (their usual method first); methods not named follow in DEFAULT_ORDER.
DEFAULT_ORDER = ("card", "paypal", "sepa_debit", "bank_transfer", "cash_on_delivery")
COUNTRY_ORDER = {
    "PL": ("blik", "p24", "card", "paypal", "bank_transfer"),
    "NL": ("ideal", "card", "paypal", "sepa_debit", "bank_transfer", "cash_on_delivery"),
    "BE": ("bancontact", "card", "paypal", "sepa_debit", "bank_transfer"),
}

# Wallets need Stripe.js's Payment Request button and a verified domain, which cannot be tried offline: left out.
LEFT_OUT = ("Apple Pay", "Google Pay")


def method_spec(code: str) -> MethodSpec:
    return REGISTRY[code]


def methods_with(*, flow: str | None = None, gateway: str | None = None) -> frozenset[str]:
    return frozenset(
        code
        for code, spec in REGISTRY.items()
        if (flow is None or spec.flow == flow) and (gateway is None or spec.gateway == gateway)
    )


def method_rank(*, code: str, country: str) -> tuple[int, int]:
    """Sort key: the country's expected order first, then the default order."""
    preferred = COUNTRY_ORDER.get(country, ())
    if code in preferred:
        return (0, preferred.index(code))
    if code in DEFAULT_ORDER:
        return (1, DEFAULT_ORDER.index(code))
    return (2, 0)


def methods_for(*, country: str, currency: str, codes: list[str] | None = None) -> list[MethodSpec]:
    """The methods offered for a parcel to ``country`` paid in ``currency``, in the country's expected order.
    ``codes`` restricts to those (the merchant's active methods)."""
    candidates = [REGISTRY[code] for code in (codes if codes is not None else REGISTRY) if code in REGISTRY]
    served = [spec for spec in candidates if spec.serves(country=country, currency=currency)]
    return sorted(served, key=lambda spec: method_rank(code=spec.code, country=country))


__all__ = [
    "COUNTRY_ORDER",
    "DEFAULT_ORDER",
    "LEFT_OUT",
    "REGISTRY",
    "Flow",
    "MethodSpec",
    "method_rank",
    "method_spec",
    "methods_for",
    "methods_with",
]
