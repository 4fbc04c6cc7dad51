"""The Content-Security-Policy, built from the Stripe URLs in one place.

Settings build it at import from ``STRIPE_JS_URL`` / ``STRIPE_API_BASE``; the test fixtures that point those at
a localstripe on a random port rebuild it with the same function, so every page under test is served with the
policy production would have for that origin (never a hand-widened copy).
"""

from __future__ import annotations

from urllib.parse import urlparse


def url_origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def build_csp(*, stripe_js_url: str, stripe_api_base: str) -> dict:
    """django-csp 4 ``CONTENT_SECURITY_POLICY``: Stripe.js (script, frames) from its origin, the API for fetches."""
    stripe_origin = url_origin(stripe_js_url)
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'", stripe_origin],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'", url_origin(stripe_api_base)],
            "frame-src": [stripe_origin],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
        }
    }
