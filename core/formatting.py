"""Locale-aware display of money, the only place prices are turned into text."""

from __future__ import annotations

from django.utils import translation

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
