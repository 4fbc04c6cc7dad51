"""Who is paying, as far as the request tells: the client IP behind our proxies and a device cookie.

* Client IP: behind ``settings.TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends the address it received
  the request from to ``X-Forwarded-For``. Only the rightmost N entries were written by our own proxies; the
  client's address is the N-th from the right. Everything left of it was sent by the client and can be forged,
  so it is never read. With 0 trusted proxies the header is ignored and ``REMOTE_ADDR`` is the client.
* Device cookie: a random id in an HttpOnly cookie set on checkout pages (``DeviceCookieMiddleware``). A shopper
  can clear it, so it only ever adds risk (many attempts from one browser), never vouches for anyone.
* Session key: the session holding the cart and the checkout; the limits on open unpaid orders count it.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEVICE_COOKIE = "tm_device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class ClientContext:
    ip: str | None = None
    device_id: str = ""
    session_key: str = ""  # the checkout's session (the cart and the checkout steps live in it)


def _clean_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP: the N-th ``X-Forwarded-For`` entry from the right with N trusted proxies, else REMOTE_ADDR."""
    remote = _clean_ip(request.META.get("REMOTE_ADDR"))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer hops than proxies: the request did not come through all of them (or the count is wrong).
        # The nearest address we know is the one that connected to us.
        return remote
    return _clean_ip(forwarded[-count]) or remote


def device_id_new() -> str:
    """A random device id: 32 characters of base32 (a-z, 2-7). Not hex: about one hex id in 300 holds a run of
    digits that passes the card-number check (6 of 2,000 measured), and the ids are stored with every assessment,
    so they set off card-number scanners (ours, tests/security/card_scan.py, and any DLP tool)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().lower()


def device_id(request: HttpRequest) -> str:
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    return value if value.isalnum() and 16 <= len(value) <= 64 else ""


def client_context(request: HttpRequest | None) -> ClientContext:
    if request is None:
        return ClientContext()
    session = getattr(request, "session", None)
    return ClientContext(
        ip=client_ip(request), device_id=device_id(request), session_key=(session.session_key or "") if session else ""
    )


class DeviceCookieMiddleware:
    """Give a browser a random device id on the checkout and order pages (the checkout's and orders' pages).

    A security cookie for fraud prevention: no tracking elsewhere, no personal data in it.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if not device_id(request) and match is not None and match.namespace in ("checkout", "orders"):
            # The checkout pages before the pay button set it, so the payment attempt carries it.
            response.set_cookie(
                DEVICE_COOKIE,
                device_id_new(),
                max_age=DEVICE_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.PRODUCTION,
            )
        return response
