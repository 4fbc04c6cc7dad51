"""Personal pages are never stored by a browser's or a proxy's cache: ``Cache-Control: private, no-store``.

Private by default. A response is left alone (cacheable) only when all of these hold:

* the page is one of ``PUBLIC_VIEWS``, the catalogue and information pages that show every visitor the same
  thing (another issue wants these cookie-free and cacheable: they must not be marked);
* nobody is signed in (a signed-in visitor's header names their account);
* it showed no flash message ("Added to your cart", "You have signed out"), which is that visitor's alone.

Everything else is marked, whoever asks: orders (also through a signed order link), returns, tickets, the cart
and checkout, the account, allauth's sign-in, password and two-factor pages, the admin, and any page added later
until someone declares it public here. One mechanism for all of them, so a new personal page cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# URL names (namespace:name) of pages that are the same for every anonymous visitor.
PUBLIC_VIEWS = frozenset(
    {
        "shop:home",
        "shop:category",
        "shop:product",
        "shop:search",
        "policies:policy",
        "policies:policy_version",
        "reviews:product",
        "reviews:policy",
        "trust:centre",
        "checkout:fees",
        "support:faq",
        "support:phishing",
    }
)


def response_is_public(request: HttpRequest) -> bool:
    """True when the response may be stored by shared caches (see the module docstring)."""
    match = request.resolver_match
    if match is None or match.view_name not in PUBLIC_VIEWS:
        return False
    # Without a session cookie nobody is signed in; reading ``request.user`` would load an empty session and
    # make the page vary on the cookie for nothing.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return False
    return not getattr(get_messages(request), "used", False)


class PrivatePagesMiddleware:
    """Add ``Cache-Control: private, no-store`` to every response but anonymous visits to public pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response_is_public(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
