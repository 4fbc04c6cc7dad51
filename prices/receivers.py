"""A currency rate saved or deleted: converted prices are read again, and the currency's price history follows."""

from __future__ import annotations

from prices.currency import currency_rates_changed
from prices.models import CurrencyRate
from prices.services import currency_prices_record


def currency_rate_saved(*, instance: CurrencyRate, **kwargs) -> None:
    currency_rates_changed()  # bumps the version now: the conversion below reads the new rate
    currency_prices_record(currency=instance.currency)


def currency_rate_deleted(**kwargs) -> None:
    currency_rates_changed()
