"""The signals the screening knows, with the defaults a new shop starts from.

The merchant tunes weight, threshold and on/off per signal in the admin (``RiskSignalWeight``); the keys and
what they measure live here and in ``fraud/scoring.py``. Descriptions are in plain words: the review queue shows
them to the merchant next to the detail measured for that attempt.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SignalDefault:
    key: str
    weight: int
    threshold: int | None  # a count, a percentage, ...: what "too many" means for this signal; None if unused
    description: str
    chargeback_prone: bool = False  # listed in the 30-day report's "signals behind fraud" table


SIGNAL_DEFAULTS: list[SignalDefault] = [
    # Velocity: counted over earlier attempts (RiskAssessment rows) and their payments, never the current one.
    SignalDefault("email_attempts_1h", 10, 5, _("Many payment attempts with this email address in the last hour")),
    SignalDefault("email_failures_24h", 15, 3, _("Several failed payments with this email address in the last day")),
    SignalDefault("ip_attempts_1h", 15, 5, _("Many payment attempts from this internet address in the last hour")),
    SignalDefault(
        "ip_failures_1h", 35, 3, _("Several failed payments from this internet address in the last hour"), True
    ),
    SignalDefault(
        "ip_cards_1h", 40, 3, _("Several different cards tried from this internet address in the last hour"), True
    ),
    SignalDefault("card_failures_24h", 20, 3, _("This card was declined several times in the last day"), True),
    SignalDefault("card_emails_24h", 25, 3, _("This card was used with several email addresses in the last day"), True),
    SignalDefault("device_attempts_1h", 10, 5, _("Many payment attempts from this browser in the last hour")),
    SignalDefault("device_failures_24h", 25, 3, _("Several failed payments from this browser in the last day"), True),
    SignalDefault(
        "three_ds_failures_24h", 25, 2, _("The bank's 3-D Secure check failed several times for this shopper or card"),
        True,
    ),
    # Geography.
    SignalDefault("billing_shipping_country", 10, None, _("The card's country differs from the delivery country")),
    SignalDefault("ip_shipping_country", 15, None, _("The shopper's internet address is in another country"), True),
    # Value and account.
    SignalDefault(
        "basket_outlier",
        20,
        300,
        _("The order is far above this shop's normal basket (percent of the 90th percentile)"),
    ),
    SignalDefault("new_account_high_value", 25, 24, _("A new account (hours old) places a high-value order"), True),
    SignalDefault("disposable_email", 20, None, _("The email address is from a throwaway (disposable) email service")),
    # Account takeover pattern: an established shopper suddenly somewhere new.
    SignalDefault("new_address_for_account", 10, None, _("A returning shopper sends this order to a new address")),
    SignalDefault(
        "new_country_for_account", 15, None, _("A returning shopper pays from a country never seen for them"), True
    ),
    # What Stripe says, when the API gives a risk evaluation (Radar). localstripe never does.
    SignalDefault("stripe_risk_elevated", 20, None, _("Stripe rated the payment's risk as elevated"), True),
    SignalDefault("stripe_risk_highest", 60, None, _("Stripe rated the payment's risk as highest"), True),
]

SIGNAL_KEYS = [signal.key for signal in SIGNAL_DEFAULTS]
SIGNAL_BY_KEY = {signal.key: signal for signal in SIGNAL_DEFAULTS}

DEFAULT_REQUIRE_3DS_AT = 30
DEFAULT_REVIEW_AT = 60
DEFAULT_BLOCK_AT = 90
DEFAULT_HIGH_VALUE_AMOUNT = 30_000  # minor units of the shop currency: EUR 300
DEFAULT_BASKET_MIN_ORDERS = 20
DEFAULT_BASKET_WINDOW_DAYS = 180
