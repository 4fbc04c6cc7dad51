"""Why a signal fired, stored as its key with parameters and rendered in the reader's language when shown (the
merchant does not read the shopper's language: screening runs in the shopper's request)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.formatting import format_money
from core.money import Money

DETAILS = {
    "email_attempts_1h": _("%(n)s earlier payment attempts with %(who)s in the last hour"),
    "email_failures_24h": _("%(n)s failed or blocked payments with %(who)s in the last day"),
    "ip_attempts_1h": _("%(n)s earlier payment attempts from %(who)s in the last hour"),
    "ip_failures_1h": _("%(n)s failed or blocked payments from %(who)s in the last hour"),
    "ip_cards_1h": _("%(n)s different cards tried from %(who)s in the last hour"),
    "card_failures_24h": _("this card failed or was blocked %(n)s times in the last day"),
    "device_attempts_1h": _("%(n)s earlier payment attempts from this browser in the last hour"),
    "device_failures_24h": _("%(n)s failed or blocked payments from this browser in the last day"),
    "three_ds_failures_24h": _("%(n)s failed 3-D Secure checks for this shopper or card in the last day"),
    "card_emails_24h": _("this card was used with %(n)s other email addresses in the last day"),
    "billing_shipping_country": _("card country %(card)s, delivery to %(ship)s"),
    "ip_shipping_country": _("internet address %(ip)s is in %(country)s, delivery to %(ship)s"),
    "basket_outlier": _("order total %(total)s; 90%% of paid orders are at most %(p90)s"),
    "new_account_high_value": _("account created %(hours)s hours ago, order total %(total)s"),
    "disposable_email": _("%(domain)s is a disposable email service"),
    "new_address_for_account": _("%(n)s earlier paid orders, none to %(address)s, %(country)s"),
    "new_country_for_account": _("paying from %(country)s; earlier orders came from %(seen)s"),
    "stripe_risk_elevated": _("Stripe's risk level: %(level)s"),
    "stripe_risk_highest": _("Stripe's risk level: %(level)s"),
}


def money_param(amount: int, currency: str) -> dict:
    return {"amount": amount, "currency": currency}


def _shown(value: object) -> object:
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        return format_money(Money(int(value["amount"]), str(value["currency"])))
    return value


def signal_detail(signal: dict) -> str:
    """A stored signal (``RiskAssessment.signals`` item) in plain words, in the active language. Signals stored
    before the codes keep their text in ``detail``."""
    template = DETAILS.get(signal.get("key", ""))
    if "params" not in signal or template is None:
        return str(signal.get("detail", ""))
    return str(template) % {name: _shown(value) for name, value in signal["params"].items()}
