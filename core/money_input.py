"""Money typed by staff: "256.00", "256,00", "€ 1.234,56" or "1,234.56" all mean the same amount; stored as integer
minor units. Used by every admin field that holds an amount (``MoneyInputsMixin``) and by the refund form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_EXPONENTS

_NOT_NUMBER = re.compile(r"[^\d,.\-]")  # currency symbols and codes, spaces (also no-break ones)


def money_parse(text: str, *, exponent: int = 2) -> int:
    """Minor units from what a person typed; raises ``ValueError`` for anything that is not exactly an amount.

    With both separators the last one is the decimal mark ("1.234,56", "1,234.56"); a single separator is the
    decimal mark ("256,5" is 256.50). More decimals than the currency has ("1,000" for euros) is refused rather
    than guessed."""
    cleaned = _NOT_NUMBER.sub("", text.strip().upper().replace("EUR", "").replace("PLN", "").replace("ZŁ", ""))
    if not cleaned or cleaned.count("-") > 1 or "-" in cleaned[1:]:
        raise ValueError(text)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _sep, fraction = cleaned.rpartition(decimal_mark)
        if not re.fullmatch(r"-?\d{1,3}(" + re.escape(group_mark) + r"\d{3})*", whole):
            raise ValueError(text)
        cleaned = whole.replace(group_mark, "") + "." + fraction
    elif cleaned.count(",") + cleaned.count(".") > 1:
        raise ValueError(text)
    cleaned = cleaned.replace(",", ".")
    if "." in cleaned and len(cleaned.rpartition(".")[2]) > exponent:
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    scaled = value.scaleb(exponent)
    if scaled != scaled.to_integral_value() or not value.is_finite():
        raise ValueError(text)
    return int(scaled)


def money_input_format(amount: int | None, *, exponent: int = 2) -> str:
    """How an amount is shown in an input: "256.00" (what ``money_parse`` reads back)."""
    if amount is None:
        return ""
    return f"{Decimal(amount).scaleb(-exponent):.{exponent}f}"


class MoneyAmountField(forms.Field):
    """An amount in major units in a text box; ``cleaned_data`` holds integer minor units (or None if blank)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "10"})
    default_error_messages = {
        "invalid": _("Enter an amount like 256.00 or 256,00."),
        "negative": _("Enter an amount of 0 or more."),
    }

    def __init__(self, *, currency: str = "EUR", allow_negative: bool = False, **kwargs) -> None:
        self.exponent = CURRENCY_EXPONENTS.get(currency, 2)
        self.allow_negative = allow_negative
        kwargs.pop("max_length", None)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return money_input_format(value, exponent=self.exponent)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            amount = money_parse(str(value), exponent=self.exponent)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if amount < 0 and not self.allow_negative:
            raise ValidationError(self.error_messages["negative"], code="negative")
        return amount

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != (initial if initial not in ("", None) else None)
        except ValidationError:
            return True


class MoneyInputsMixin:
    """For a ``ModelAdmin`` or inline: the integer minor-unit fields named in ``money_fields`` are typed as money
    ("12.50" or "12,50") and their labels lose the "(cents)" wording."""

    money_fields: tuple[str, ...] = ()
    money_currency: str = "EUR"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.money_fields:
            label = re.sub(r"\s*\((?:in )?(?:cents|minor units)[^)]*\)", "", str(db_field.verbose_name))
            return MoneyAmountField(
                currency=self.money_currency,
                label=label[:1].upper() + label[1:],
                required=not db_field.blank,
                help_text=db_field.help_text,
                initial=db_field.default if isinstance(db_field.default, int) else None,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
