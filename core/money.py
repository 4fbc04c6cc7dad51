"""The one money type: an integer amount of minor units and a currency.

Floats never touch money. Arithmetic refuses to mix currencies, and percentages round explicitly
(half up, to the minor unit) so the amount shown and the amount charged are the same number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor-unit exponents for the currencies the shop deals in.
CURRENCY_EXPONENTS = {"EUR": 2, "PLN": 2, "GBP": 2, "USD": 2, "CHF": 2}


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True, slots=True, order=False)
class Money:
    amount: int  # minor units (cents)
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError(f"Money amount must be an int of minor units, not {type(self.amount).__name__}")
        if self.currency not in CURRENCY_EXPONENTS:
            raise ValueError(f"Unsupported currency {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal | str, currency: str) -> Money:
        """Exact conversion from a decimal major-unit amount; refuses sub-minor-unit precision."""
        exponent = CURRENCY_EXPONENTS[currency]
        scaled = Decimal(value) * (10**exponent)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {exponent} decimal places")
        return cls(int(scaled), currency)

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-self.exponent)

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other).amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int) or isinstance(factor, bool):
            raise TypeError("Money can only be multiplied by a whole number; use .percentage() for rates")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._check(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._check(other).amount

    def __bool__(self) -> bool:
        return self.amount != 0

    def percentage(self, rate: Decimal | str) -> Money:
        """``rate`` percent of this amount (``Decimal("1.5")`` is 1.5 %), rounded half up to the minor unit."""
        share = Decimal(self.amount) * Decimal(rate) / Decimal(100)
        return Money(int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)), self.currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.to_decimal():.{self.exponent}f}"


def money_sum(amounts: Iterable[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
