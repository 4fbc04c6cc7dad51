"""Amounts typed in the admin: comma or dot, symbols and grouping, never a guess."""

from __future__ import annotations

import pytest

from core.money_input import MoneyAmountField, money_input_format, money_parse


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("256.00", 25600), ("256,00", 25600), ("256", 25600), ("€256.00", 25600), ("€ 256,00", 25600),
        ("256,5", 25650), ("0.01", 1), ("1.234,56", 123456), ("1,234.56", 123456), ("12 345,00", 1234500),
        ("EUR 18.00", 1800), ("18,00 zł", 1800), ("0", 0),
    ],
)  # fmt: skip
def test_money_is_read_with_comma_or_dot(typed, cents):
    assert money_parse(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "1,000", "12.345", "1.2.3", "1,23,4", "12.5.0", "1.23,45,6", "--1"])
def test_anything_that_is_not_exactly_an_amount_is_refused(typed):
    with pytest.raises(ValueError):
        money_parse(typed)


def test_the_field_shows_major_units_and_cleans_to_minor_units():
    field = MoneyAmountField(required=True)
    assert field.prepare_value(25600) == "256.00"
    assert field.clean("256,00") == 25600
    assert money_input_format(5) == "0.05"
    with pytest.raises(Exception, match="0 or more"):
        field.clean("-1,00")
    with pytest.raises(Exception, match="256.00 or 256,00"):
        field.clean("1,000")
