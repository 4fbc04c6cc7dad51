"""Find card numbers: runs of 13-19 digits (spaces or dashes allowed between groups) that pass the Luhn check."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db import models

CANDIDATE = re.compile(r"(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])")
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_numbers_in(text: str) -> list[str]:
    found = []
    for match in CANDIDATE.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and len(set(digits)) > 1:
            found.append(digits)
    return found


def _as_text(value) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, (bytes, memoryview)):
        raw = bytes(value)
        yield raw.decode("latin-1")
        return
    text = str(value)
    yield text
    # Sessions and signed values hide data in base64: look inside too.
    for chunk in re.findall(r"[A-Za-z0-9+/_-]{24,}={0,2}", text):
        try:
            yield base64.urlsafe_b64decode(chunk + "=" * (-len(chunk) % 4)).decode("latin-1")
        except ValueError:
            continue


def database_card_numbers() -> list[tuple[str, str, str]]:
    """(table, column, number) for every card-number-looking value in any text column of any model."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        columns = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns or not model._meta.managed:
            continue
        for row in model._default_manager.values_list(*[f.attname for f in columns]):
            for field, value in zip(columns, row, strict=True):
                for text in _as_text(value):
                    hits += [(model._meta.db_table, field.column, n) for n in card_numbers_in(text)]
    return hits


def texts_card_numbers(texts: Iterable[str]) -> list[str]:
    return [number for text in texts for number in card_numbers_in(text)]
