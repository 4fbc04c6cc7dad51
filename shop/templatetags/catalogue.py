"""Display helpers for catalogue facts: weight and country of origin."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

COUNTRY_NAMES = {
    "AT": gettext_lazy("Austria"), "BE": gettext_lazy("Belgium"), "CH": gettext_lazy("Switzerland"),
    "CN": gettext_lazy("China"), "CZ": gettext_lazy("Czechia"), "DE": gettext_lazy("Germany"),
    "DK": gettext_lazy("Denmark"), "EE": gettext_lazy("Estonia"), "ES": gettext_lazy("Spain"),
    "FI": gettext_lazy("Finland"), "FR": gettext_lazy("France"), "GB": gettext_lazy("United Kingdom"),
    "GR": gettext_lazy("Greece"), "HU": gettext_lazy("Hungary"), "IE": gettext_lazy("Ireland"),
    "IN": gettext_lazy("India"), "IT": gettext_lazy("Italy"), "JP": gettext_lazy("Japan"),
    "LT": gettext_lazy("Lithuania"), "LV": gettext_lazy("Latvia"), "NL": gettext_lazy("Netherlands"),
    "NO": gettext_lazy("Norway"), "PL": gettext_lazy("Poland"), "PT": gettext_lazy("Portugal"),
    "RO": gettext_lazy("Romania"), "SE": gettext_lazy("Sweden"), "SI": gettext_lazy("Slovenia"),
    "SK": gettext_lazy("Slovakia"), "TW": gettext_lazy("Taiwan"), "US": gettext_lazy("United States"),
    "VN": gettext_lazy("Vietnam"),
}


@register.filter
def country_name(code: str) -> str:
    """``PL`` -> ``Poland`` (translated); unknown codes are shown as they are."""
    return str(COUNTRY_NAMES.get((code or "").upper(), code))


@register.filter
def weight(grams: int | None) -> str:
    """``350`` -> ``350 g``, ``1250`` -> ``1.25 kg`` (in the active language's number format)."""
    if grams is None:
        return ""
    if grams < 1000:
        return _("%(grams)s g") % {"grams": grams}
    kilos = number_format(grams / 1000, decimal_pos=2 if grams % 100 else 1)
    return _("%(kilos)s kg") % {"kilos": kilos}
