"""One rule for every one-line text field (names, address lines, postcodes, order numbers, titles, emails).

Those fields end up in text emails, sometimes next to the genuine anti-phishing verification code. A line
break, a control character or an invisible direction override in a name would let someone who types it write
their own lines into our email, or make it read differently from what it says. So they are refused, in the
forms (``validators=[validate_single_line]``), on the model fields behind them and again in the services
(``single_line_clean``), with a clear message; nothing is stored.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError

# C0 and C1 controls (NUL, tab, LF, CR, ..., DEL, U+0085 NEXT LINE), the Arabic letter mark, zero-width
# characters and direction marks (U+200B-U+200F), line and paragraph separators (U+2028, U+2029), bidi
# embeddings and overrides (U+202A-U+202E), the word joiner and invisible operators (U+2060-U+2064), bidi
# isolates (U+2066-U+2069) and the zero-width no-break space (U+FEFF).
NOT_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

SINGLE_LINE_MESSAGE = gettext_lazy(
    "Use a single line of plain text, without line breaks, tabs or invisible control characters."
)


def validate_single_line(value: object) -> None:
    """Django validator: refuse line breaks, control characters and invisible formatting characters."""
    if isinstance(value, str) and NOT_SINGLE_LINE.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


def single_line_clean(value: str | None, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """A one-line field as a service accepts it: trimmed, ``validate_single_line``, at most ``max_length``.

    Raises ``ApplicationError`` (on ``field``, its message naming ``label``) instead of storing anything.
    """
    value = (value or "").strip()
    try:
        validate_single_line(value)
    except ValidationError:
        raise ApplicationError(
            _("%(label)s: use a single line of plain text, without line breaks, tabs or invisible control "
              "characters.") % {"label": label},
            field=field,
        ) from None
    if len(value) > max_length:
        raise ApplicationError(
            _("%(label)s is too long (at most %(max)d characters).") % {"label": label, "max": max_length},
            field=field,
        )
    if required and not value:
        raise ApplicationError(_("%(label)s is required.") % {"label": label}, field=field)
    return value
