"""IBAN checks (ISO 13616): country code, length per country, mod-97 checksum. Only the format; not ownership."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from core.errors import ApplicationError

# Lengths for the SEPA countries (the shop refunds by SEPA transfer only).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}  # fmt: skip
_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")


def iban_normalise(value: str) -> str:
    return re.sub(r"[\s-]+", "", value or "").upper()


def iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def iban_clean(value: str) -> str:
    """The IBAN without spaces, upper case; ``ApplicationError`` (field "iban") if it cannot be a valid IBAN."""
    iban = iban_normalise(value)
    if not iban:
        raise ApplicationError(_("Enter the IBAN of the account we should refund to."), field="iban")
    if not _SHAPE.match(iban) or IBAN_LENGTHS.get(iban[:2]) != len(iban):
        raise ApplicationError(
            _("This is not a valid IBAN from a SEPA country. Check the country code and the length."), field="iban"
        )
    if not iban_checksum_ok(iban):
        raise ApplicationError(_("This IBAN has a typo: its check digits do not match. Please check it."), field="iban")
    return iban


def iban_masked(iban: str) -> str:
    """NL91ABNA0417164300 -> "NL91 …4300": enough to recognise, not to reuse."""
    if len(iban) < 8:
        return "****"
    return f"{iban[:4]} …{iban[-4:]}"
