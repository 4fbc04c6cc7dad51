"""Currencies: which one a shopper pays in, and the one conversion from the shop's base currency.

A shopper pays in their currency (PLN for Poland, EUR for the euro area; GBP and CHF once the merchant adds a
rate). Prices are the merchant's data in the base currency (``settings.SHOP_CURRENCY``) converted at the rate the
merchant set (``CurrencyRate``), rounded by its stated rule: a converted price changes only when the merchant
changes the rate. ``convert`` is the only conversion; ``checkout.pricing.checkout_quote`` calls it for everything
shown and charged (items, delivery, fees, duties' thresholds). Never dynamic currency conversion: the shopper's
currency is priced by the shop, not by a card network at payment time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation

from core.money import CURRENCY_EXPONENTS, Money
from core.versioned_cache import ProcessSnapshot, namespace_changed
from prices.models import CurrencyRate, CurrencyRounding
from shop.price_filter import PriceScale

CURRENCY_RATES_CACHE = "currency-rates"
CURRENCY_SESSION_KEY = "currency"

# The currency a delivery country pays in (when the merchant offers it); every other country pays in the base.
COUNTRY_CURRENCY = {"PL": "PLN", "GB": "GBP", "CH": "CHF"}
# The country a site language stands for (/pl/ is Poland): its currency is the default of the language's pages.
LANGUAGE_COUNTRIES = {"pl": "PL", "nl": "NL"}


class UnknownCurrency(ValueError):
    """No rate for this currency: it cannot be priced."""


@dataclass(frozen=True)
class Rate:
    currency: str
    rate: Decimal
    rounding: str
    source: str
    rate_date: object
    active: bool
    bank_account_name: str
    bank_iban: str
    bank_bic: str


def _load() -> dict[str, Rate]:
    return {
        row.currency: Rate(
            currency=row.currency,
            rate=row.rate,
            rounding=row.rounding,
            source=row.source,
            rate_date=row.rate_date,
            active=row.active,
            bank_account_name=row.bank_account_name,
            bank_iban=row.bank_iban,
            bank_bic=row.bank_bic,
        )
        for row in CurrencyRate.objects.all()
    }


_snapshot = ProcessSnapshot(CURRENCY_RATES_CACHE, "rates", _load)


def currency_rates(*, version: int | None = None) -> dict[str, Rate]:
    """Every rate the merchant set (active or not), cached until one is saved (``currency_rates_changed``).
    ``version``: the namespace's version when the caller has just read it (the page cache's parts)."""
    return _snapshot.get(version=version)


def currency_rates_changed(**kwargs) -> None:
    namespace_changed(CURRENCY_RATES_CACHE)


def base_currency() -> str:
    return settings.SHOP_CURRENCY


def shop_currencies(*, version: int | None = None) -> list[str]:
    """The currencies a shopper may choose: the base and each active rate's."""
    rates = currency_rates(version=version)
    return [base_currency()] + sorted(code for code, rate in rates.items() if rate.active)


def currency_for_country(country: str, *, version: int | None = None) -> str:
    """The currency a parcel to ``country`` is priced in by default."""
    code = COUNTRY_CURRENCY.get(country or "", base_currency())
    return code if code in shop_currencies(version=version) else base_currency()


def currency_rate(currency: str) -> Rate | None:
    return currency_rates().get(currency)


def _round(value: Decimal, rule: str, exponent: int) -> Decimal:
    minor = Decimal(1).scaleb(-exponent)
    if rule == CurrencyRounding.WHOLE:
        return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if rule == CurrencyRounding.NINETY_NINE:
        return value.quantize(Decimal(1), rounding=ROUND_CEILING) - minor if value > 0 else Decimal(0)
    return value.quantize(minor, rounding=ROUND_HALF_UP)


def _rate_required(currency: str) -> Rate:
    rate = currency_rate(currency)
    if rate is None:
        raise UnknownCurrency(f"No rate for {currency}")
    return rate


def _at_rate(amount: Money, rate: Rate) -> Money:
    """A base-currency ``amount`` at ``rate`` and its rounding rule; zero stays zero."""
    if not amount:
        return Money.zero(rate.currency)
    value = _round(amount.to_decimal() * rate.rate, rate.rounding, CURRENCY_EXPONENTS[rate.currency])
    return Money.from_decimal(value, rate.currency)


def convert(amount: Money, currency: str) -> Money:
    """``amount`` (in the base currency) in ``currency`` at the merchant's rate and rounding rule. The identity
    for the same currency; zero stays zero. Raises ``UnknownCurrency`` when the merchant set no rate."""
    if amount.currency == currency:
        return amount
    if amount.currency != base_currency():
        raise UnknownCurrency(f"Only {base_currency()} amounts are converted, not {amount.currency}")
    return _at_rate(amount, _rate_required(currency))


def convert_minor(amount: int, currency: str) -> int:
    """A base-currency amount in minor units (a threshold, a fixed fee) as minor units of ``currency``."""
    return convert(Money(amount, base_currency()), currency).amount


def base_amount_of(amount: Money) -> tuple[int, Decimal]:
    """For the books: ``amount`` in the base currency's minor units (rounded half up) and the rate used."""
    if amount.currency == base_currency():
        return amount.amount, Decimal(1)
    rate = _rate_required(amount.currency)
    base = (amount.to_decimal() / rate.rate).quantize(
        Decimal(1).scaleb(-CURRENCY_EXPONENTS[base_currency()]), rounding=ROUND_HALF_UP
    )
    return Money.from_decimal(base, base_currency()).amount, rate.rate


# Far above any price (ten billion in major units): where the search for a base amount stops.
BASE_AMOUNT_LIMIT = 10**12


def base_amount_at_least(amount: Money) -> int:
    """The smallest base-currency amount (minor units) that ``convert`` shows at ``amount`` or more: a price
    filter's lower bound typed in the shopper's currency, exact under every rounding rule. ``convert`` never goes
    down as the base amount goes up, so a binary search finds it (40 conversions at most)."""
    if amount.currency == base_currency():
        return amount.amount
    rate = _rate_required(amount.currency)  # read once, not per step
    low, high = 0, BASE_AMOUNT_LIMIT
    while low < high:
        middle = (low + high) // 2
        if _at_rate(Money(middle, base_currency()), rate).amount >= amount.amount:
            high = middle
        else:
            low = middle + 1
    return low


def base_amount_at_most(amount: Money) -> int:
    """The largest base-currency amount (minor units) that ``convert`` shows at ``amount`` or less (-1: none)."""
    return base_amount_at_least(Money(amount.amount + 1, amount.currency)) - 1


def shopper_price_scale(request) -> PriceScale:
    """The listing filter's scale (``shop.price_filter``): bounds typed in the shopper's currency."""
    currency = shopper_currency(request)
    return PriceScale(
        currency=currency,
        base_at_least=lambda minor: base_amount_at_least(Money(minor, currency)),
        base_at_most=lambda minor: base_amount_at_most(Money(minor, currency)),
    )


def language_currency(language: str | None, *, version: int | None = None) -> str:
    """The default currency of a page in ``language``: its country's, the way checkout picks it from the delivery
    country (``currency_for_country``): złoty on /pl/, euro on /nl/."""
    return currency_for_country(LANGUAGE_COUNTRIES.get((language or "").split("-")[0], ""), version=version)


def shopper_currency(request) -> str:
    """The currency the catalogue's prices are shown in: the shopper's choice in the header (remembered in the
    session; read only when the request has a session cookie, so a cookie-free page reads nothing), else the
    default of the page's language. Computed once per request."""
    cached = getattr(request, "_shopper_currency", None)
    if cached is not None:
        return cached
    currencies = shop_currencies()
    chosen = None
    if request is not None and settings.SESSION_COOKIE_NAME in request.COOKIES:
        session = getattr(request, "session", None)
        chosen = session.get(CURRENCY_SESSION_KEY) if session is not None else None
    currency = chosen if chosen in currencies else language_currency(translation.get_language())
    if request is not None:
        request._shopper_currency = currency
    return currency
