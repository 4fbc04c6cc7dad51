"""Why an order moved: stored as a code with parameters, rendered in the reader's language when shown.

The merchant reads the admin in one language and the shopper the order page and emails in another: a cause is
never stored as text. ``cause_text`` renders one (money through ``core.formatting.format_money``); a row from
before the codes keeps its stored text.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import format_money
from core.money import Money

# Where a payment's news came from (``payment_settle(via=...)``), shown before "payment received".
VIA = {
    "card": gettext_lazy("Card payment"),
    "sepa_debit": gettext_lazy("SEPA Direct Debit"),
    "ideal": "iDEAL",
    "bancontact": "Bancontact",
    "p24": "Przelewy24",
    "blik": "BLIK",
    "paypal": "PayPal",
    "payment_return": gettext_lazy("Back from the bank's page"),
    "stripe": "Stripe",
    "reconciliation": gettext_lazy("Payment checked with Stripe"),
    "review_accepted": gettext_lazy("Reviewed and accepted by the shop"),
    "review_cancelled": gettext_lazy("Cancelled by the shop after review"),
}

CAUSES = {
    "placed": gettext_lazy("Order placed"),
    "awaiting_bank_transfer": gettext_lazy("Waiting for your bank transfer"),
    "awaiting_cash": gettext_lazy("You pay in cash when the parcel arrives"),
    "held_offline": gettext_lazy("Your order is being checked"),
    "confirmed_bank_transfer": gettext_lazy("Checked and confirmed: waiting for your bank transfer"),
    "confirmed_cash": gettext_lazy("Checked and confirmed: you pay in cash when the parcel arrives"),
    "awaiting_bank_confirmation": gettext_lazy("Waiting for your bank to confirm"),
    "payment_held": gettext_lazy("Payment held for a check"),
    "direct_debit_failed": gettext_lazy("The direct debit failed"),
    "payment_cancelled": gettext_lazy("The payment was cancelled"),
    "payment_refused": gettext_lazy("The payment was not accepted"),
    "payment_method_changed": gettext_lazy("Payment method changed"),
    "bank_transfer_received": gettext_lazy("Bank transfer received"),
    "delivered": gettext_lazy("Delivered"),
    "cancelled_by_shop": gettext_lazy("Cancelled by the shop"),
    "review_refused": gettext_lazy("Not accepted after a check by the shop"),
    "replaced_by_new_checkout": gettext_lazy("Replaced by a new checkout with a changed cart"),
    "expired_unconfirmed": gettext_lazy("Not confirmed in time: the order expired"),
    "expired_unpaid": gettext_lazy("Not paid in time: the order expired"),
}


def _money(params: dict) -> str:
    return format_money(Money(int(params["amount"]), str(params["currency"])))


def cause_text(code: str, params: dict | None = None) -> str:
    """The cause ``code`` with ``params`` in the active language; an unknown code is shown as it is."""
    params = params or {}
    if code == "payment_received":
        return f"{VIA.get(params.get('via', ''), params.get('via', ''))}: {_('payment received')}"
    if code == "payment_processing":
        return f"{VIA.get(params.get('via', ''), params.get('via', ''))}: {_('processing')}"
    if code == "shipped":
        tracking, carrier = params.get("tracking_number", ""), params.get("carrier", "")
        shipped = _("Shipped with %(carrier)s") % {"carrier": carrier} if carrier else _("Shipped")
        return shipped + (f" ({_('tracking number')} {tracking})" if tracking else "")
    if code == "refunded":
        return _("Refunded %(amount)s") % {"amount": _money(params)}
    text = CAUSES.get(code)
    return str(text) if text is not None else code
