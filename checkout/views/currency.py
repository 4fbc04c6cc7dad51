"""The header's currency switch: remembered in the session; a checkout in progress is priced again in it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from checkout.selectors import CHECKOUT_SESSION_KEY
from orders.methods import REGISTRY
from prices.currency import CURRENCY_SESSION_KEY, shop_currencies


@require_GET
def currency_set(request: HttpRequest) -> HttpResponse:
    """A GET, like the language switch: it only changes what the shopper sees next (nothing is bought or paid)."""
    currency = request.GET.get("currency", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    if currency not in shop_currencies():
        return redirect(target)
    request.session[CURRENCY_SESSION_KEY] = currency
    data = request.session.get(CHECKOUT_SESSION_KEY)
    if data:
        data["currency"] = currency
        method = data.get("payment_method")
        if method in REGISTRY and not REGISTRY[method].serves(country=data.get("country", ""), currency=currency):
            data["payment_method"] = None  # e.g. BLIK only takes złoty: choose again
        request.session[CHECKOUT_SESSION_KEY] = data
    return redirect(target)
