"""Locale-aware display of money (the only place prices are turned into text), decimals and short dates."""

from __future__ import annotations

import datetime

from django.utils import dateformat, translation
from django.utils.formats import number_format

from core.money import Money

CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "PLN": "zł", "CHF": "CHF"}

# (decimal separator, thousands separator, pattern) per language; pattern gets {sym} and {num}.
LOCALE_PATTERNS = {
    "en": (".", ",", "{sym}{num}"),
    "nl": (",", ".", "{sym} {num}"),
    "pl": (",", "\u00a0", "{num}\u00a0{sym}"),
}


def format_money(money: Money, language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").split("-")[0]
    decimal_sep, group_sep, pattern = LOCALE_PATTERNS.get(language, LOCALE_PATTERNS["en"])
    sign = "-" if money.amount < 0 else ""
    whole, fraction = divmod(abs(money.amount), 10**money.exponent)
    grouped = f"{whole:,}".replace(",", group_sep)
    number = f"{grouped}{decimal_sep}{fraction:0{money.exponent}d}" if money.exponent else grouped
    symbol = CURRENCY_SYMBOLS.get(money.currency, money.currency)
    return sign + pattern.format(sym=symbol, num=number).replace(" ", "\u00a0")


def format_decimal(value: float, places: int = 1) -> str:
    """A number with the active language's decimal mark: 4.5 -> "4.5" (en), "4,5" (pl, nl)."""
    return number_format(round(float(value), places), places)


# Languages that write day and month abbreviations in lower case ("wt 8 gru", "di 8 dec"; English "Tue 8 Dec").
LOWER_CASE_ABBREVIATIONS = frozenset({"pl", "nl"})


def format_short_date(value: datetime.date | datetime.datetime, language: str | None = None) -> str:
    """A weekday, day and month as the language writes them: "Tue 8 Dec", "wt 8 gru", "di 8 dec"."""
    language = (language or translation.get_language() or "en").split("-")[0]
    with translation.override(language):
        text = dateformat.format(value, "D j M")
    return text.lower() if language in LOWER_CASE_ABBREVIATIONS else text
