"""Display helpers for catalogue facts (weight, country of origin) and the listings' product cards."""

from __future__ import annotations

import time

from django import template
from django.template import Context
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.cache import pages_cache
from shop.selectors import CATALOGUE_CACHE, catalogue_version, product_card_map

register = template.Library()
CARD_TEMPLATE = "includes/product_card.html"
CARD_TIMEOUT = 600

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


@register.simple_tag(takes_context=True)
def product_cards(context: Context, products, prices_key: str = "") -> SafeString:
    """``{% product_cards page_obj %}``: the listing's cards, each cached as HTML, all read in one round trip.

    A card shows what the catalogue version covers (name, picture, price, stock, rating) and the Omnibus prior
    price, computed per hour (prices.selectors.prior_price_cached): the key holds the version, the hour and the
    language, and ``prices_key`` (``{% price_cache_key %}`` of prices: the shopper's currency and the rates'
    version, since a card shows its price in that currency). Keys come from the products listed and validated
    values, never from the raw request.
    """
    products = list(products)
    version = catalogue_version()
    if version is None:  # the cache is unreachable: render every card
        return mark_safe("".join(_card(context, product) for product in _card_data(products)))  # noqa: S308
    prefix = f"{CATALOGUE_CACHE}:{version}:card:{get_language()}:{prices_key}:{int(time.time()) // 3600}"
    keys = {product.pk: f"{prefix}:{product.pk}" for product in products}
    found = pages_cache.get_many(list(keys.values()))
    drawn = {
        product.pk: _card(context, product)
        for product in _card_data([product for product in products if keys[product.pk] not in found])
    }
    if drawn:
        pages_cache.set_many({keys[pk]: html for pk, html in drawn.items()}, CARD_TIMEOUT)
    # A product gone since the search was run has no card.
    cards = (found.get(keys[product.pk]) or drawn.get(product.pk, "") for product in products)
    return mark_safe("".join(cards))  # noqa: S308 - our own template's output


def _card_data(products: list) -> list:
    """``products`` with what a card shows: a search lists products by id only (``product_search``), and those
    are loaded here in one query."""
    if not any(product.get_deferred_fields() for product in products):
        return products
    loaded = product_card_map(ids=[product.pk for product in products])
    return [loaded[product.pk] for product in products if product.pk in loaded]


def _card(context: Context, product) -> str:
    template_ = context.template.engine.get_template(CARD_TEMPLATE)
    with context.push(product=product):
        return str(template_.render(context))
