"""Security headers on every response, error pages included (docs/response-headers.md).

The header middlewares (Django's ``SecurityMiddleware``: HSTS, nosniff, Referrer-Policy, COOP; django-csp's
``CSPMiddleware``; ``XFrameOptionsMiddleware``) come first in ``MIDDLEWARE``. Django turns an exception into an
error response at the layer that raised it, and only the layers outside that one see the response, so a 400, 403,
404 or 500 made by any middleware further in (a session that cannot be saved, a Host header that is not allowed)
still passes through all three.

One error comes from the outermost layer itself: ``SecurityMiddleware`` reads the Host header to redirect plain
HTTP to HTTPS, and a Host not in ``ALLOWED_HOSTS`` raises ``DisallowedHost`` there, before any header is added.
So the 400 page (``core.views.bad_request``, ``handler400``) adds them itself, with the same middlewares.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

HEADER_MIDDLEWARE = (SecurityMiddleware, CSPMiddleware, XFrameOptionsMiddleware)


def _not_called(request: HttpRequest) -> HttpResponse:
    raise AssertionError("only the middlewares' process_response is used")


def security_headers_add(*, request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """``response`` with the headers the header middlewares add (each leaves a header already there alone)."""
    for middleware_class in HEADER_MIDDLEWARE:
        response = middleware_class(_not_called).process_response(request, response)
    return response
