"""Card numbers and IBANs never reach the database or a screen: they are masked in every chat message first.

* A card number is a run of 13 to 19 digits, optionally grouped by single spaces or hyphens, that passes the Luhn
  check; it keeps its last four digits (``•••• •••• •••• 4242``), as a receipt does.
* An IBAN-like string is two letters, two check digits and 11 to 30 letters or digits, written whole or in
  groups of four, with at least six digits after the check digits (so a sentence that happens to start with
  "ab12" is left alone); it keeps its country code and last four characters. No checksum is asked of it: a
  mistyped IBAN is still somebody's account number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "•"
# A run of 13 or more digits with single separators; the card number is looked for inside it, by whole groups.
_CARD_CANDIDATE = re.compile(r"\d(?:[ -]?\d){12,}")
_IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
IBAN_LENGTH = (15, 34)
IBAN_MIN_DIGITS = 6


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


@dataclass(frozen=True)
class Masked:
    text: str
    cards: int
    ibans: int

    @property
    def changed(self) -> bool:
        return bool(self.cards or self.ibans)


def _card_mask(digits: str) -> str:
    return f"{MASK * 4} {MASK * 4} {MASK * 4} {digits[-4:]}"


def _card_inside(run: str) -> tuple[int, int] | None:
    """The longest Luhn-valid span of whole digit groups in ``run`` (13-19 digits), as (start, end) offsets.

    "4242 4242 4242 4242 123" (a card number and then a CVC) holds a card number; a 16-digit run that fails the
    check does not, even if a part of it would pass.
    """
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    spans = []
    for first in range(len(groups)):
        for last in range(first, len(groups)):
            digits = "".join(run[a:b] for a, b in groups[first : last + 1])
            if len(digits) > 19:
                break
            if len(digits) >= 13:
                spans.append((len(digits), groups[first][0], groups[last][1], digits))
    for _length, start, end, digits in sorted(spans, reverse=True):
        if luhn_valid(digits):
            return start, end
    return None


def _mask_cards_in_run(run: str) -> tuple[str, int]:
    window = _card_inside(run)
    if window is None:
        return run, 0
    start, end = window
    digits = "".join(c for c in run[start:end] if c.isdigit())
    before, found_before = _mask_cards_in_run(run[:start])
    after, found_after = _mask_cards_in_run(run[end:])
    return before + _card_mask(digits) + after, found_before + found_after + 1


def mask_sensitive(text: str) -> Masked:
    """``text`` with every Luhn-valid card number and every IBAN-like string masked."""
    cards = ibans = 0

    def card(match: re.Match) -> str:
        nonlocal cards
        text, found = _mask_cards_in_run(match.group(0))
        cards += found
        return text

    def iban(match: re.Match) -> str:
        nonlocal ibans
        compact = match.group(0).replace(" ", "").upper()
        digits = sum(char.isdigit() for char in compact[4:])
        if not IBAN_LENGTH[0] <= len(compact) <= IBAN_LENGTH[1] or digits < IBAN_MIN_DIGITS:
            return match.group(0)
        ibans += 1
        return f"{compact[:2]}{MASK * 2} {MASK * 4} {MASK * 4} {compact[-4:]}"

    text = _IBAN_CANDIDATE.sub(iban, text or "")
    text = _CARD_CANDIDATE.sub(card, text)
    return Masked(text=text, cards=cards, ibans=ibans)
