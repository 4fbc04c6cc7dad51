from decimal import Decimal

import pytest
from django.utils import translation

from core.formatting import format_money
from core.money import CurrencyMismatch, Money, money_sum


def test_money_adds_and_multiplies_in_minor_units():
    assert Money(1999, "EUR") * 3 + Money(3, "EUR") == Money(6000, "EUR")


def test_money_refuses_floats_and_mixed_currencies():
    with pytest.raises(TypeError):
        Money(19.99, "EUR")  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatch):
        Money(100, "EUR") + Money(100, "GBP")
    with pytest.raises(TypeError):
        Money(100, "EUR") * 1.5  # type: ignore[operator]


def test_percentage_rounds_half_up_to_the_cent():
    assert Money(1050, "EUR").percentage(Decimal("1.5")) == Money(16, "EUR")  # 15.75 -> 16
    assert Money(1030, "EUR").percentage(Decimal("1.5")) == Money(15, "EUR")  # 15.45 -> 15


def test_from_decimal_is_exact():
    assert Money.from_decimal("123.45", "EUR") == Money(12345, "EUR")
    with pytest.raises(ValueError):
        Money.from_decimal("1.005", "EUR")


def test_money_sum_of_nothing_is_zero():
    assert money_sum([], "EUR") == Money(0, "EUR")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€1,234.50"), ("nl", "€\u00a01.234,50"), ("pl", "1\u00a0234,50\u00a0€")],
)
def test_prices_are_formatted_per_locale(language, expected):
    with translation.override(language):
        assert format_money(Money(123450, "EUR")) == expected
