"""Absolute links: every one (emails, allauth's emails, structured data, the trust centre) starts with
``settings.SHOP_BASE_URL``, never with the Host header of the request that happened to cause it.

A password-reset request sent with ``Host: evil.example`` (or an allowed host on another port) must not get a
reset link to evil.example into the shopper's mailbox. Production refuses to start without an https
``SHOP_BASE_URL`` (config/settings.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``SHOP_BASE_URL`` + ``path`` (an absolute path on this site, e.g. from ``reverse``)."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"absolute_url needs a path on this site, not {path!r}")
    return settings.SHOP_BASE_URL.rstrip("/") + path


def absolute_url_rebase(url: str) -> str:
    """The same path, query and fragment as ``url``, on ``SHOP_BASE_URL`` whatever host ``url`` names."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def shop_origin() -> str:
    """``https://shop.example.com``: the scheme and host (and port) of ``SHOP_BASE_URL``."""
    parts = urlsplit(settings.SHOP_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class ShopSite:
    """What allauth's email templates read as ``current_site`` (otherwise built from the request's Host)."""

    name: str
    domain: str


def shop_site() -> ShopSite:
    return ShopSite(name=settings.SHOP_NAME, domain=urlsplit(settings.SHOP_BASE_URL).netloc)
