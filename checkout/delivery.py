"""Delivery windows, the shopper's "ship to" country and the delivered price before checkout.

Every date comes from ``orders.delivery_dates.delivery_estimate``.
``delivered_price_options`` prices each delivery option with ``checkout_quote``, the function that charges.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone, translation

from accounts.selectors import address_default_country
from checkout.config import CheckoutConfig, checkout_config
from checkout.forms import COUNTRY_NAMES, country_choices
from checkout.pricing import Quote, checkout_quote, free_delivery_progress
from core.money import Money
from orders.delivery_dates import delivery_estimate
from orders.models import DeliveryOption
from prices.currency import LANGUAGE_COUNTRIES  # the country a site language suggests (English: none)

logger = logging.getLogger(__name__)

SHIP_TO_SESSION_KEY = "ship_to"
DEFAULT_SHIP_TO = "NL"
_ACCEPT_LANGUAGE_RE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:-([a-zA-Z]{2}))?\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$")


def accept_language_countries(header: str) -> list[str]:
    """The regions of an Accept-Language header, most preferred first: "nl-BE,nl;q=0.9,en-GB;q=0.5" ->
    ["BE", "GB"]. Malformed parts are skipped."""
    regions: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "")[:500].split(",")):
        match = _ACCEPT_LANGUAGE_RE.match(part)
        if match and match.group(2):
            quality = float(match.group(3)) if match.group(3) else 1.0
            if quality > 0:
                regions.append((-quality, index, match.group(2).upper()))
    return [region for _q, _i, region in sorted(regions)]


def shopper_country(*, request: HttpRequest, config: CheckoutConfig | None = None) -> str:
    """The shopper's likely country, one we deliver to, or "": their saved address, then their browser's region
    (Accept-Language), then the site language. Never the alphabetically first country."""
    valid = set((config or checkout_config()).country_codes)
    user = getattr(request, "user", None)  # the page cache may ask before authentication
    if user is not None and user.is_authenticated:
        saved = address_default_country(user=user)
        if saved in valid:
            request.session[SHIP_TO_SESSION_KEY] = saved  # asked once per session
            return saved
    for region in accept_language_countries(request.headers.get("Accept-Language", "")):
        if region in valid:
            return region
    language = (translation.get_language() or "").split("-")[0]
    country = LANGUAGE_COUNTRIES.get(language, "")
    return country if country in valid else ""


def ship_to_get(*, request: HttpRequest, config: CheckoutConfig | None = None) -> str:
    """The country the shopper picked (``?ship_to=CH`` remembers it in the session); a code we deliver to."""
    valid = set((config or checkout_config()).country_codes)
    raw = (request.GET.get("ship_to") or "").strip().upper()
    if raw in valid:
        if request.session.get(SHIP_TO_SESSION_KEY) != raw:
            request.session[SHIP_TO_SESSION_KEY] = raw
        return raw
    remembered = request.session.get(SHIP_TO_SESSION_KEY) or ""
    if remembered in valid:
        return remembered
    checkout = request.session.get("checkout") or {}
    if checkout.get("country") in valid:
        return checkout["country"]
    shopper = shopper_country(request=request, config=config)
    if shopper:
        return shopper
    if DEFAULT_SHIP_TO in valid or not valid:
        return DEFAULT_SHIP_TO
    return sorted(valid)[0]


@dataclass(frozen=True)
class DeliveredOption:
    option: DeliveryOption
    quote: Quote  # the checkout quote before a payment method is chosen
    estimate_from: datetime.date
    estimate_to: datetime.date

    @property
    def delivered_price(self) -> Money:
        return self.quote.total


def delivered_price_options(
    *,
    items_total: Money,
    country: str,
    now: datetime.datetime | None = None,
) -> list[DeliveredOption]:
    """Every active option to ``country``: price, duties (DDP) or the on-delivery estimate (DAP) and the window,
    each priced by ``checkout_quote`` (no payment method yet: card and SEPA never add a fee)."""
    now = now or timezone.now()
    result = []
    for option in checkout_config().options_to(country):
        quote = checkout_quote(items_total=items_total, country=country, delivery_option=option, payment_method=None)
        start, end = delivery_estimate(option=option, now=now)
        result.append(DeliveredOption(option=option, quote=quote, estimate_from=start, estimate_to=end))
    return result


def delivery_panel_context(*, request: HttpRequest, items_total: Money, now: datetime.datetime | None = None) -> dict:
    """What the product page and the cart show: the country picker, per option the delivered price and window,
    and how far the basket is from free delivery. No queries once ``checkout_config`` is cached."""
    country = ship_to_get(request=request)
    countries = country_choices()
    return {
        "ship_to": country,
        "ship_to_name": str(COUNTRY_NAMES.get(country, country)),
        "ship_to_countries": countries,
        "delivered_options": delivered_price_options(items_total=items_total, country=country, now=now),
        "free_delivery": free_delivery_progress(items_total=items_total, country=country),
    }
